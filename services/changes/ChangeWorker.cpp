#include "services/changes/ChangeWorker.h"

#include "services/AppSettings.h"
#include "services/Logging.h"
#include "services/secrets/SecretStore.h"

namespace qd {

ChangeWorker::ChangeWorker(SecretStore *secrets)
    : m_secrets(secrets)
{}

ChangeWorker::~ChangeWorker() = default;

void ChangeWorker::setRepository(const QString &path)
{
    m_path = path;
    m_engine.reset();
    if (!ensureEngine())
        return;
    // What a change killed half-way (a crash of this console, say) left is put back first.
    if (auto recovered = m_engine->recover(); !recovered)
        emit failed(recovered.errorMessage());
    else if (!recovered->isEmpty())
        emit this->recovered(*recovered);
    reportUnpushed();
}

void ChangeWorker::setRemoteName(const QString &name)
{
    m_remoteName = name;
    if (m_engine)
        m_engine->setRemoteName(name);
}

void ChangeWorker::acceptHostKey(const QString &fingerprint)
{
    if (!m_acceptedHostKeys.contains(fingerprint))
        m_acceptedHostKeys.append(fingerprint);
    if (m_engine)
        m_engine->transport().acceptedHostKeys = m_acceptedHostKeys;
}

bool ChangeWorker::ensureEngine()
{
    if (m_engine)
        return true;
    if (m_path.isEmpty()) {
        emit failed(QStringLiteral("no config repo is open"));
        return false;
    }
    auto opened = ChangeEngine::open(m_path);
    if (!opened) {
        emit failed(opened.errorMessage());
        return false;
    }
    m_engine.emplace(std::move(opened).value());
    m_engine->setRemoteName(m_remoteName);
    TransportOptions &transport = m_engine->transport();
    readTransportSettings();
    transport.acceptedHostKeys = m_acceptedHostKeys;
    transport.cancelled = &cancelled;
    transport.tokenForUrl = [this](const QString &url) {
        // The worker waits for the keychain without an event loop; the GUI thread never waits.
        auto token = m_secrets->readWaiting(gitSecretKey(url), &cancelled);
        if (!token) {
            qCInfo(lcGit) << "no token for" << url << ":" << token.errorMessage();
            return QString();
        }
        return token.value();
    };
    transport.progress = [this](qint64 received, qint64 total) {
        emit transferProgress(received, total);
        return !cancelled.load();
    };
    return true;
}

void ChangeWorker::readTransportSettings()
{
    // Read before every operation, so that a change in the Settings dialog applies at once.
    const GitSettings git = AppSettings::load().git;
    m_engine->transport().sshKeyFile = git.sshKeyFile;
    m_engine->transport().httpsUser = git.httpsUser;
    m_engine->transport().caFile = git.caFile;
}

void ChangeWorker::begin()
{
    cancelled = false;
    if (m_engine)
        readTransportSettings();
    emit busyChanged(true);
}

void ChangeWorker::end()
{
    emit busyChanged(false);
}

void ChangeWorker::reportUnpushed()
{
    if (!m_engine)
        return;
    if (auto commits = m_engine->unpushedCommits(); commits)
        emit unpushedCommits(*commits);
}

void ChangeWorker::previewEdits(const QList<ValueEdit> &edits)
{
    if (!ensureEngine())
        return;
    begin();
    auto preview = m_engine->previewEdits(edits);
    if (preview)
        emit previewReady(*preview);
    else
        emit failed(preview.errorMessage());
    end();
}

void ChangeWorker::previewFileText(const QString &relativePath, const QByteArray &text)
{
    if (!ensureEngine())
        return;
    begin();
    auto preview = m_engine->previewFileText(relativePath, text);
    if (preview)
        emit previewReady(*preview);
    else
        emit failed(preview.errorMessage());
    end();
}

void ChangeWorker::report(const ChangeAttempt &attempt, bool wasCommit)
{
    if (!attempt.recovered.isEmpty())
        emit recovered(attempt.recovered);
    if (!attempt.committed && !attempt.refusal.isEmpty()) {
        emit refused(attempt.refusal, attempt.problems);
        return;
    }
    if (!attempt.unknownHost.isEmpty()) {
        const QString branch = attempt.outcome.branch;
        m_retryAfterHostKey = [this, branch] {
            push(branch);
        };
        m_pendingHostKey = attempt.unknownFingerprint;
        emit hostKeyUnknown(attempt.unknownHost, attempt.unknownFingerprint);
    }
    if (!attempt.conflicts.isEmpty())
        emit conflict(attempt.conflicts);
    if (wasCommit)
        emit committed(attempt.outcome);
    if (!wasCommit || attempt.outcome.push != PushResult::NotAttempted)
        emit pushFinished(attempt.outcome);
    reportUnpushed();
}

void ChangeWorker::commit(const CommitRequest &request)
{
    if (!ensureEngine())
        return;
    begin();
    report(m_engine->commit(request), true);
    end();
}

void ChangeWorker::push(const QString &branch)
{
    if (!ensureEngine())
        return;
    begin();
    report(m_engine->push(branch), false);
    end();
}

void ChangeWorker::fetch()
{
    if (!ensureEngine())
        return;
    begin();
    const TransportReport report = m_engine->fetch();
    if (report.status == TransportStatus::Ok) {
        emit fetched(QStringLiteral("fetched"));
    } else {
        if (!report.host.isEmpty()) {
            m_retryAfterHostKey = [this] {
                fetch();
            };
            m_pendingHostKey = report.fingerprint;
            emit hostKeyUnknown(report.host, report.fingerprint);
        }
        emit failed(report.message);
    }
    reportUnpushed();
    end();
}

void ChangeWorker::resolveConflicts(const QList<ValueEdit> &chosen)
{
    if (!ensureEngine())
        return;
    begin();
    report(m_engine->resolveConflicts(chosen), false);
    end();
}

void ChangeWorker::answerHostKey(bool accept)
{
    auto retry = std::exchange(m_retryAfterHostKey, nullptr);
    const QString fingerprint = std::exchange(m_pendingHostKey, QString());
    if (!accept || !retry || fingerprint.isEmpty())
        return;
    qCInfo(lcGit) << "the user accepted host key" << fingerprint;
    acceptHostKey(fingerprint);
    retry();
}

} // namespace qd
