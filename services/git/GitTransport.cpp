#include "services/git/GitTransport.h"

#include "services/Logging.h"
#include "services/git/GitHandles.h"

#include <QCryptographicHash>
#include <QFile>
#include <QUrl>

namespace qd {

namespace {

// A server that keeps rejecting what we offer would make libgit2 ask forever.
constexpr int kMaxCredentialAttempts = 3;

struct CallbackState
{
    const TransportOptions *options = nullptr;
    QString remoteUrl;
    int credentialCalls = 0;
    TransportStatus flagged = TransportStatus::Ok;
    QString flaggedMessage;
    QString host;
    QString fingerprint;
    QStringList refusals;
};

bool isCancelled(const CallbackState &state)
{
    return state.options->cancelled && state.options->cancelled->load();
}

int flag(CallbackState &state, TransportStatus status, const QString &message, int code)
{
    state.flagged = status;
    state.flaggedMessage = message;
    git_error_set_str(GIT_ERROR_CALLBACK, message.toUtf8().constData());
    return code;
}

int credentials(git_credential **out,
                const char *url,
                const char *userFromUrl,
                unsigned int allowed,
                void *payload)
{
    auto &state = *static_cast<CallbackState *>(payload);
    if (isCancelled(state))
        return flag(state, TransportStatus::Cancelled, QStringLiteral("cancelled"), GIT_EUSER);
    // Each call after the first means the last offer was refused.
    if (++state.credentialCalls > kMaxCredentialAttempts)
        return flag(state, TransportStatus::AuthenticationFailed,
                    QStringLiteral("authentication failed for %1").arg(QString::fromUtf8(url)),
                    GIT_EUSER);
    const TransportOptions &options = *state.options;
    const QByteArray sshUser =
            userFromUrl && *userFromUrl ? QByteArray(userFromUrl) : QByteArrayLiteral("git");
    if (allowed & GIT_CREDENTIAL_SSH_KEY) {
        if (options.sshKeyFile.isEmpty())
            return git_credential_ssh_key_from_agent(out, sshUser.constData());
        const QByteArray key = QFile::encodeName(options.sshKeyFile);
        const QByteArray publicKey = key + ".pub";
        return git_credential_ssh_key_new(
                out, sshUser.constData(),
                QFile::exists(QFile::decodeName(publicKey)) ? publicKey.constData() : nullptr,
                key.constData(), "");
    }
    if (allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT) {
        QString user =
                userFromUrl && *userFromUrl ? QString::fromUtf8(userFromUrl) : options.httpsUser;
        const QString token =
                options.tokenForUrl ? options.tokenForUrl(state.remoteUrl) : QString();
        if (token.isEmpty())
            return flag(state, TransportStatus::AuthenticationFailed,
                        QStringLiteral("no token for %1 in the keychain (key \"git/%1\")")
                                .arg(state.remoteUrl),
                        GIT_EUSER);
        if (user.isEmpty())
            user = QStringLiteral("git");
        return git_credential_userpass_plaintext_new(out, user.toUtf8().constData(),
                                                     token.toUtf8().constData());
    }
    if (allowed & GIT_CREDENTIAL_USERNAME)
        return git_credential_username_new(out, sshUser.constData());
    return flag(state, TransportStatus::AuthenticationFailed,
                QStringLiteral("no usable credentials for %1").arg(QString::fromUtf8(url)),
                GIT_EUSER);
}

int certificateCheck(git_cert *cert, int valid, const char *host, void *payload)
{
    auto &state = *static_cast<CallbackState *>(payload);
    if (cert->cert_type != GIT_CERT_HOSTKEY_LIBSSH2 || valid)
        return GIT_PASSTHROUGH; // keep libgit2's verdict (TLS chain, or a known_hosts match)
    const auto *hostKey = reinterpret_cast<const git_cert_hostkey *>(cert);
    QByteArray digest;
    if (hostKey->type & GIT_CERT_SSH_RAW)
        digest = QCryptographicHash::hash(
                QByteArray(hostKey->hostkey, qsizetype(hostKey->hostkey_len)),
                QCryptographicHash::Sha256);
    else if (hostKey->type & GIT_CERT_SSH_SHA256)
        digest = QByteArray(reinterpret_cast<const char *>(hostKey->hash_sha256), 32);
    const QString fingerprint =
            QStringLiteral("SHA256:") +
            QString::fromLatin1(
                    digest.toBase64(QByteArray::Base64Encoding | QByteArray::OmitTrailingEquals));
    if (!digest.isEmpty() && state.options->acceptedHostKeys.contains(fingerprint)) {
        qCInfo(lcGit) << "host key of" << host << "accepted by the user:" << fingerprint;
        return 0;
    }
    state.host = QString::fromUtf8(host);
    state.fingerprint = fingerprint;
    return flag(state, TransportStatus::HostKeyRejected,
                QStringLiteral("the SSH host key of %1 (%2) is not in ~/.ssh/known_hosts and was "
                               "not accepted")
                        .arg(state.host, fingerprint),
                GIT_ECERTIFICATE);
}

int fetchProgress(const git_indexer_progress *stats, void *payload)
{
    auto &state = *static_cast<CallbackState *>(payload);
    if (isCancelled(state))
        return flag(state, TransportStatus::Cancelled, QStringLiteral("cancelled"), GIT_EUSER);
    if (state.options->progress &&
        !state.options->progress(stats->received_objects, stats->total_objects))
        return flag(state, TransportStatus::Cancelled, QStringLiteral("cancelled"), GIT_EUSER);
    return 0;
}

int pushProgress(unsigned int current, unsigned int total, size_t, void *payload)
{
    auto &state = *static_cast<CallbackState *>(payload);
    if (isCancelled(state))
        return flag(state, TransportStatus::Cancelled, QStringLiteral("cancelled"), GIT_EUSER);
    if (state.options->progress && !state.options->progress(current, total))
        return flag(state, TransportStatus::Cancelled, QStringLiteral("cancelled"), GIT_EUSER);
    return 0;
}

int pushUpdateReference(const char *refname, const char *status, void *payload)
{
    // A refusal by the server (hook, denyNonFastForwards) shows only here: git_remote_push
    // itself returns success.
    if (status)
        static_cast<CallbackState *>(payload)->refusals.append(QStringLiteral("%1: %2").arg(
                QString::fromUtf8(refname), QString::fromUtf8(status)));
    return 0;
}

void installCallbacks(git_remote_callbacks &callbacks, CallbackState &state)
{
    callbacks.credentials = credentials;
    callbacks.certificate_check = certificateCheck;
    callbacks.transfer_progress = fetchProgress;
    callbacks.push_transfer_progress = pushProgress;
    callbacks.push_update_reference = pushUpdateReference;
    callbacks.payload = &state;
}

TransportReport classify(int rc, const CallbackState &state, const QString &what)
{
    TransportReport report;
    const git_error *last = git_error_last();
    const QString detail = last && last->message ? QString::fromUtf8(last->message)
                                                 : QStringLiteral("libgit2 error %1").arg(rc);
    report.host = state.host;
    report.fingerprint = state.fingerprint;
    if (state.flagged != TransportStatus::Ok) {
        report.status = state.flagged;
        report.message = QStringLiteral("%1: %2").arg(what, state.flaggedMessage);
        return report;
    }
    report.message = QStringLiteral("%1: %2").arg(what, detail);
    const int klass = last ? last->klass : GIT_ERROR_NONE;
    if (rc == GIT_ENONFASTFORWARD)
        report.status = TransportStatus::NonFastForward;
    else if (rc == GIT_EAUTH)
        report.status = TransportStatus::AuthenticationFailed;
    else if (rc == GIT_ECERTIFICATE)
        report.status = TransportStatus::HostKeyRejected;
    else if (klass == GIT_ERROR_NET || klass == GIT_ERROR_OS || klass == GIT_ERROR_SSH ||
             klass == GIT_ERROR_HTTP || klass == GIT_ERROR_SSL)
        report.status = TransportStatus::NetworkFailure;
    else
        report.status = TransportStatus::Failed;
    return report;
}

struct RemoteLookup
{
    GitRemotePtr remote;
    TransportReport failure;
};

RemoteLookup lookupRemote(git_repository *repo, const QString &remoteName, CallbackState &state)
{
    RemoteLookup lookup;
    git_remote *raw = nullptr;
    if (int rc = git_remote_lookup(&raw, repo, remoteName.toUtf8().constData()); rc < 0) {
        lookup.failure.status = TransportStatus::Failed;
        lookup.failure.message =
                gitError(QStringLiteral("no remote %1").arg(remoteName), rc).message;
        return lookup;
    }
    lookup.remote.reset(raw);
    state.remoteUrl = QString::fromUtf8(git_remote_url(raw));
    return lookup;
}

} // namespace

TransportReport pushRefspecs(git_repository *repo,
                             const QString &remoteName,
                             const QStringList &refspecs,
                             const TransportOptions &options)
{
    CallbackState state;
    state.options = &options;
    RemoteLookup lookup = lookupRemote(repo, remoteName, state);
    if (!lookup.remote)
        return lookup.failure;

    QList<QByteArray> specs8;
    for (const QString &spec : refspecs)
        specs8.append(spec.toUtf8());
    std::vector<char *> specs;
    for (QByteArray &spec : specs8)
        specs.push_back(spec.data());
    const git_strarray array = {specs.data(), specs.size()};

    git_push_options pushOptions = GIT_PUSH_OPTIONS_INIT;
    installCallbacks(pushOptions.callbacks, state);
    const QString what = QStringLiteral("push to %1").arg(state.remoteUrl);
    if (int rc = git_remote_push(lookup.remote.get(), &array, &pushOptions); rc < 0)
        return classify(rc, state, what);
    if (!state.refusals.isEmpty()) {
        TransportReport report;
        report.status = TransportStatus::RefusedByServer;
        report.message = QStringLiteral("%1 refused by the server: %2")
                                 .arg(what, state.refusals.join(QLatin1String("; ")));
        return report;
    }
    qCDebug(lcGit) << "pushed" << refspecs << "to" << state.remoteUrl;
    return {};
}

TransportReport
fetchRemote(git_repository *repo, const QString &remoteName, const TransportOptions &options)
{
    CallbackState state;
    state.options = &options;
    RemoteLookup lookup = lookupRemote(repo, remoteName, state);
    if (!lookup.remote)
        return lookup.failure;
    git_fetch_options fetchOptions = GIT_FETCH_OPTIONS_INIT;
    installCallbacks(fetchOptions.callbacks, state);
    const QString what = QStringLiteral("fetch from %1").arg(state.remoteUrl);
    if (int rc = git_remote_fetch(lookup.remote.get(), nullptr, &fetchOptions, "fetch"); rc < 0)
        return classify(rc, state, what);
    return {};
}

} // namespace qd
