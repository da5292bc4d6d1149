#include "services/changes/ChangeService.h"

#include "services/changes/ChangeWorker.h"
#include "services/secrets/SecretStore.h"

#include <QThread>

namespace qd {

ChangeService::ChangeService(QObject *parent)
    : QObject(parent)
    , m_secrets(std::make_unique<SecretStore>())
    , m_thread(std::make_unique<QThread>())
    , m_worker(new ChangeWorker(m_secrets.get()))
{
    m_thread->setObjectName(QStringLiteral("quarterdeck-changes"));
    m_worker->moveToThread(m_thread.get());
    connect(m_thread.get(), &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &ChangeWorker::previewReady, this, &ChangeService::previewReady);
    connect(m_worker, &ChangeWorker::committed, this, &ChangeService::committed);
    connect(m_worker, &ChangeWorker::refused, this, &ChangeService::refused);
    connect(m_worker, &ChangeWorker::pushFinished, this, &ChangeService::pushFinished);
    connect(m_worker, &ChangeWorker::fetched, this, &ChangeService::fetched);
    connect(m_worker, &ChangeWorker::failed, this, &ChangeService::failed);
    connect(m_worker, &ChangeWorker::transferProgress, this, &ChangeService::transferProgress);
    connect(m_worker, &ChangeWorker::conflict, this, &ChangeService::conflict);
    connect(m_worker, &ChangeWorker::hostKeyUnknown, this, &ChangeService::hostKeyUnknown);
    connect(m_worker, &ChangeWorker::unpushedCommits, this, &ChangeService::unpushedCommits);
    connect(m_worker, &ChangeWorker::busyChanged, this, &ChangeService::busyChanged);
    connect(m_worker, &ChangeWorker::recovered, this, &ChangeService::recovered);
    m_thread->start();
}

ChangeService::~ChangeService()
{
    cancel();
    m_thread->quit();
    m_thread->wait();
}

void ChangeService::setRepository(const QString &path)
{
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, path] { worker->setRepository(path); });
}

void ChangeService::setRemoteName(const QString &name)
{
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, name] { worker->setRemoteName(name); });
}

void ChangeService::acceptHostKey(const QString &sha256Fingerprint)
{
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, sha256Fingerprint] {
        worker->acceptHostKey(sha256Fingerprint);
    });
}

void ChangeService::previewEdits(const QList<ValueEdit> &edits)
{
    QMetaObject::invokeMethod(m_worker,
                              [worker = m_worker, edits] { worker->previewEdits(edits); });
}

void ChangeService::previewFileText(const QString &relativePath, const QByteArray &newText)
{
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, relativePath, newText] {
        worker->previewFileText(relativePath, newText);
    });
}

void ChangeService::commit(const CommitRequest &request)
{
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, request] { worker->commit(request); });
}

void ChangeService::push(const QString &branch)
{
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, branch] { worker->push(branch); });
}

void ChangeService::fetch()
{
    QMetaObject::invokeMethod(m_worker, [worker = m_worker] { worker->fetch(); });
}

void ChangeService::cancel()
{
    // Read by the transfer callbacks of the running operation, on the worker thread.
    m_worker->cancelled = true;
}

void ChangeService::resolveConflicts(const QList<ValueEdit> &chosen)
{
    QMetaObject::invokeMethod(m_worker,
                              [worker = m_worker, chosen] { worker->resolveConflicts(chosen); });
}

void ChangeService::answerHostKey(bool accept)
{
    QMetaObject::invokeMethod(m_worker,
                              [worker = m_worker, accept] { worker->answerHostKey(accept); });
}

} // namespace qd
