#include "services/git/GitTransport.h"

#include "services/Logging.h"
#include "services/git/GitHandles.h"
#include "services/git/GitRemote.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QUrl>

#include <mutex>
#include <optional>
#include <shared_mutex>

namespace qd {

namespace {

// A server that keeps rejecting what we offer would make libgit2 ask forever.
constexpr int kMaxCredentialAttempts = 3;

struct CallbackState
{
    const TransportOptions *options = nullptr;
    QString remoteUrl;
    // An http(s):// remote's token, asked for once per transfer, when the server (whose TLS
    // certificate verified) first asks for a password; offered again on its retries.
    std::optional<QString> token;
    int credentialCalls = 0;
    TransportStatus flagged = TransportStatus::Ok;
    QString flaggedMessage;
    QString host;
    QString fingerprint;
    QString untrustedTlsHost; // the https:// server whose certificate did not verify
    QStringList refusals;
    QByteArray serverText; // what the server's side (its hooks) printed, sent on the sideband
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
        if (!state.token)
            state.token = options.tokenForUrl ? options.tokenForUrl(state.remoteUrl) : QString();
        const QString &token = *state.token;
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
    if (cert->cert_type == GIT_CERT_X509 && !valid) {
        // Never overridden: only a CA the user named (TransportOptions::caFile) makes it valid.
        state.untrustedTlsHost = QString::fromUtf8(host);
        return GIT_PASSTHROUGH;
    }
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

int serverMessage(const char *text, int length, void *payload)
{
    auto &state = *static_cast<CallbackState *>(payload);
    if (state.serverText.size() < 8192)
        state.serverText.append(text, length);
    return 0;
}

// The lines the server printed, each as it last stood (progress redraws with '\r'), without
// git's own progress counters: what a hook says about why it refused.
QString serverLines(const QByteArray &text)
{
    QStringList lines;
    for (const QByteArray &line : text.split('\n')) {
        const QString shown = QString::fromUtf8(line.split('\r').constLast()).trimmed();
        if (!shown.isEmpty() && !shown.contains(QLatin1String("objects:")))
            lines.append(shown);
    }
    return lines.mid(0, 10).join(QLatin1String(" / "));
}

// Another push updated the branch between the server's advertisement and this push's update:
// receive-pack says "failed to update ref", because "cannot lock ref '...': is at X but expected
// Y". The remote moved on, as with a non-fast-forward: fetching and replaying is the answer, not
// a refusal to show the user.
bool anotherPushWon(const CallbackState &state)
{
    for (const QString &refusal : state.refusals) {
        if (!refusal.endsWith(QLatin1String(": failed to update ref")))
            return false;
    }
    const QString said = QString::fromUtf8(state.serverText);
    return said.contains(QLatin1String("cannot lock ref")) && said.contains(QLatin1String("but expected"));
}

void installCallbacks(git_remote_callbacks &callbacks, CallbackState &state)
{
    callbacks.sideband_progress = serverMessage;
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
    if (!state.untrustedTlsHost.isEmpty()) {
        report.status = TransportStatus::HostKeyRejected;
        report.message = QStringLiteral("%1: the TLS certificate of %2 is not trusted (%3); if the "
                                        "server uses a private CA, name its PEM file in the git "
                                        "CA file setting (git/caFile)")
                                 .arg(what, state.untrustedTlsHost, detail);
        return report;
    }
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

// The system's CAs, where libgit2 (OpenSSL or mbedTLS) finds them on Linux and the BSDs.
constexpr const char *kSystemCaBundles[] = {"/etc/ssl/certs/ca-certificates.crt",
                                            "/etc/pki/tls/certs/ca-bundle.crt",
                                            "/etc/ssl/cert.pem"};
constexpr const char *kSystemCaDirectories[] = {"/etc/ssl/certs", "/etc/pki/tls/certs"};

const char *firstExisting(const auto &candidates, bool directory)
{
    for (const char *path : candidates) {
        const QFileInfo info(QFile::decodeName(path));
        if (directory ? info.isDir() : info.isFile())
            return path;
    }
    return nullptr;
}

// libgit2 trusts one set of CAs for the whole process (GIT_OPT_SET_SSL_CERT_LOCATIONS), and a TLS
// handshake in flight reads it. So it is replaced only when the configured file changes, and only
// while no transfer runs: transfers hold the lock shared, a change holds it exclusively.
struct TrustedCas
{
    std::shared_mutex mutex;
    QString caFile; // what libgit2 trusts besides the system's; empty: its defaults
};

TrustedCas &trustedCas()
{
    static TrustedCas cas;
    return cas;
}

// Makes libgit2 trust `caFile` besides the system's CAs (or only the system's when empty) and
// returns holding the shared lock, to keep it so until the transfer ends.
std::optional<Error> trustCas(const QString &caFile, std::shared_lock<std::shared_mutex> &held)
{
    TrustedCas &cas = trustedCas();
    for (;;) {
        std::shared_lock shared(cas.mutex);
        if (cas.caFile == caFile) {
            held = std::move(shared);
            return std::nullopt;
        }
        shared.unlock();
        std::unique_lock exclusive(cas.mutex);
        if (cas.caFile == caFile)
            continue;
        const char *systemDirectory = firstExisting(kSystemCaDirectories, true);
        int rc = 0;
        if (caFile.isEmpty()) {
            // Back to the system's: the same set libgit2 started with.
            const char *bundle = firstExisting(kSystemCaBundles, false);
            rc = git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, bundle,
                                  bundle ? nullptr : systemDirectory);
        } else {
            if (!QFileInfo(caFile).isFile())
                return Error{
                        QStringLiteral("the git CA file %1 does not exist (setting git/caFile)")
                                .arg(caFile)};
            // One file and one directory: the user's CAs, and the system's from their directory.
            const QByteArray file = QFile::encodeName(caFile);
            rc = git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, file.constData(),
                                  systemDirectory);
        }
        if (rc < 0)
            return gitError(caFile.isEmpty()
                                    ? QStringLiteral("cannot restore the system's CAs for git")
                                    : QStringLiteral("cannot use the git CA file %1 (setting "
                                                     "git/caFile)")
                                              .arg(caFile),
                            rc);
        if (caFile.isEmpty())
            qCInfo(lcGit) << "git trusts the system's CAs only";
        else
            qCInfo(lcGit) << "git trusts the system's CAs and" << caFile;
        cas.caFile = caFile;
    }
}

TransportReport caFailure(const Error &error)
{
    TransportReport report;
    report.status = TransportStatus::Failed;
    report.message = error.message;
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
    auto opened = openRemote(repo, remoteName);
    if (!opened) {
        lookup.failure.status = TransportStatus::Failed;
        lookup.failure.message = opened.error().message;
        return lookup;
    }
    lookup.remote = std::move(opened.value());
    state.remoteUrl = QString::fromUtf8(git_remote_url(lookup.remote.get()));
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

    std::shared_lock<std::shared_mutex> trusted;
    if (const auto failed = trustCas(options.caFile, trusted))
        return caFailure(*failed);
    git_push_options pushOptions = GIT_PUSH_OPTIONS_INIT;
    installCallbacks(pushOptions.callbacks, state);
    const QString what = QStringLiteral("push to %1").arg(state.remoteUrl);
    if (int rc = git_remote_push(lookup.remote.get(), &array, &pushOptions); rc < 0)
        return classify(rc, state, what);
    if (!state.refusals.isEmpty()) {
        TransportReport report;
        report.status = anotherPushWon(state) ? TransportStatus::NonFastForward
                                              : TransportStatus::RefusedByServer;
        report.message = QStringLiteral("%1 refused by the server: %2")
                                 .arg(what, state.refusals.join(QLatin1String("; ")));
        if (const QString said = serverLines(state.serverText); !said.isEmpty())
            report.message += QStringLiteral(" (the server said: %1)").arg(said);
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
    std::shared_lock<std::shared_mutex> trusted;
    if (const auto failed = trustCas(options.caFile, trusted))
        return caFailure(*failed);
    git_fetch_options fetchOptions = GIT_FETCH_OPTIONS_INIT;
    installCallbacks(fetchOptions.callbacks, state);
    const QString what = QStringLiteral("fetch from %1").arg(state.remoteUrl);
    if (int rc = git_remote_fetch(lookup.remote.get(), nullptr, &fetchOptions, "fetch"); rc < 0)
        return classify(rc, state, what);
    return {};
}

} // namespace qd
