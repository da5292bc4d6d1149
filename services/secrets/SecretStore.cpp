#include "services/secrets/SecretStore.h"

#include "services/Logging.h"

#include <qt6keychain/keychain.h>

#include <QEventLoop>
#include <QPointer>
#include <QThread>

#include <chrono>
#include <future>

namespace qd {

namespace {

Error keychainError(const QString &what, const QKeychain::Job &job)
{
    return Error{QStringLiteral("%1: %2 (keychain error %3)")
                         .arg(what, job.errorString())
                         .arg(int(job.error()))};
}

// Jobs delete themselves once finished; the callback runs only while its context lives.
template<typename Job, typename OnFinished>
void start(Job *job, QObject *context, OnFinished onFinished)
{
    job->setAutoDelete(true);
    QPointer<QObject> guard(context);
    QObject::connect(job, &QKeychain::Job::finished, context,
                     [job, guard, onFinished](QKeychain::Job *) {
                         if (guard)
                             onFinished(*job);
                     });
    job->start();
}

} // namespace

SecretStore::SecretStore(const QString &service, QObject *parent)
    : QObject(parent)
    , m_service(service)
{}

void SecretStore::read(const QString &key, QObject *context, ReadCallback done)
{
    auto *job = new QKeychain::ReadPasswordJob(m_service);
    job->setKey(key);
    start(job, context, [key, done = std::move(done)](QKeychain::ReadPasswordJob &finished) {
        if (finished.error() != QKeychain::NoError) {
            done(keychainError(QStringLiteral("cannot read secret '%1' from the keychain").arg(key),
                               finished));
            return;
        }
        done(finished.textData());
    });
}

void SecretStore::write(const QString &key, const QString &secret, QObject *context,
                        DoneCallback done)
{
    auto *job = new QKeychain::WritePasswordJob(m_service);
    job->setKey(key);
    job->setTextData(secret);
    start(job, context, [key, done = std::move(done)](QKeychain::WritePasswordJob &finished) {
        if (finished.error() != QKeychain::NoError) {
            done(keychainError(QStringLiteral("cannot store secret '%1' in the keychain").arg(key),
                               finished));
            return;
        }
        qCInfo(lcSecrets) << "stored secret" << key << "in the keychain"; // the key, never the value
        done({});
    });
}

void SecretStore::remove(const QString &key, QObject *context, DoneCallback done)
{
    auto *job = new QKeychain::DeletePasswordJob(m_service);
    job->setKey(key);
    start(job, context, [key, done = std::move(done)](QKeychain::DeletePasswordJob &finished) {
        if (finished.error() != QKeychain::NoError && finished.error() != QKeychain::EntryNotFound) {
            done(keychainError(QStringLiteral("cannot remove secret '%1'").arg(key), finished));
            return;
        }
        done({});
    });
}

Result<QString> SecretStore::readBlocking(const QString &key)
{
    QEventLoop loop;
    std::optional<Result<QString>> result;
    read(key, &loop, [&](Result<QString> value) {
        result = std::move(value);
        loop.quit();
    });
    if (!result)
        loop.exec();
    return std::move(*result);
}

Result<QString> SecretStore::readWaiting(const QString &key, const std::atomic_bool *cancelled)
{
    if (thread() == QThread::currentThread())
        return readBlocking(key);
    auto answer = std::make_shared<std::promise<Result<QString>>>();
    std::future<Result<QString>> future = answer->get_future();
    QMetaObject::invokeMethod(this, [this, key, answer] {
        read(key, this, [answer](Result<QString> value) { answer->set_value(std::move(value)); });
    });
    using namespace std::chrono_literals;
    while (future.wait_for(50ms) != std::future_status::ready) {
        if (cancelled && cancelled->load())
            return Error{QStringLiteral("cancelled while waiting for the keychain")};
    }
    try {
        return future.get();
    } catch (const std::future_error &) { // the store went away before the keychain answered
        return Error{QStringLiteral("cannot read secret '%1': the keychain reader closed")
                             .arg(key)};
    }
}

Result<void> SecretStore::writeBlocking(const QString &key, const QString &secret)
{
    QEventLoop loop;
    std::optional<Result<void>> result;
    write(key, secret, &loop, [&](Result<void> value) {
        result = std::move(value);
        loop.quit();
    });
    if (!result)
        loop.exec();
    return *result;
}

} // namespace qd
