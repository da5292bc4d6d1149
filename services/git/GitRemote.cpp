#include "services/git/GitRemote.h"

#include <QByteArray>
#include <QList>

namespace qd {

namespace {

using GitConfigPtr = GitPtr<git_config, git_config_free>;
using GitConfigIteratorPtr = GitPtr<git_config_iterator, git_config_iterator_free>;

struct RemoteConfig
{
    QByteArray url;
    QByteArray pushUrl;
    QByteArray fetchSpec; // the first remote.<name>.fetch; empty when none
    // (prefix, base) of every url.<base>.insteadOf and url.<base>.pushInsteadOf
    QList<std::pair<QByteArray, QByteArray>> insteadOf;
    QList<std::pair<QByteArray, QByteArray>> pushInsteadOf;
};

// `url` with the longest matching prefix of `rules` replaced by its base.
QByteArray rewritten(const QByteArray &url, const QList<std::pair<QByteArray, QByteArray>> &rules,
                     bool *matched = nullptr)
{
    const std::pair<QByteArray, QByteArray> *best = nullptr;
    for (const auto &rule : rules) {
        if (url.startsWith(rule.first) && (!best || rule.first.size() > best->first.size()))
            best = &rule;
    }
    if (matched)
        *matched = best != nullptr;
    return best ? best->second + url.mid(best->first.size()) : url;
}

Result<RemoteConfig> readRemoteConfig(git_repository *repo, const QString &name)
{
    git_config *raw = nullptr;
    if (int rc = git_repository_config_snapshot(&raw, repo); rc < 0)
        return gitError(QStringLiteral("cannot read the repository's config"), rc);
    GitConfigPtr config(raw);
    git_config_iterator *iterRaw = nullptr;
    if (int rc = git_config_iterator_new(&iterRaw, config.get()); rc < 0)
        return gitError(QStringLiteral("cannot read the repository's config"), rc);
    GitConfigIteratorPtr iter(iterRaw);

    RemoteConfig remote;
    const QByteArray section = "remote." + name.toUtf8() + '.';
    const auto read = [&config](const QByteArray &key, QByteArray *into) -> int {
        git_buf buf = GIT_BUF_INIT;
        const int rc = git_config_get_string_buf(&buf, config.get(), key.constData());
        if (rc == 0)
            *into = QByteArray(buf.ptr, qsizetype(buf.size));
        git_buf_dispose(&buf);
        return rc == GIT_ENOTFOUND ? 0 : rc;
    };
    if (int rc = read(section + "url", &remote.url); rc < 0)
        return gitError(QStringLiteral("cannot read remote.%1.url").arg(name), rc);
    if (int rc = read(section + "pushurl", &remote.pushUrl); rc < 0)
        return gitError(QStringLiteral("cannot read remote.%1.pushurl").arg(name), rc);

    // The rest by walking every entry, since the regex-taking calls are what leaks. Names come
    // back as git normalizes them: section and key lower case, the subsection as written.
    git_config_entry *entry = nullptr;
    int rc = 0;
    while ((rc = git_config_next(&entry, iter.get())) == 0) {
        const QByteArray key = entry->name;
        const QByteArray value = entry->value ? QByteArray(entry->value) : QByteArray();
        if (key == section + "fetch" && remote.fetchSpec.isEmpty())
            remote.fetchSpec = value;
        else if (key.startsWith("url.") && key.endsWith(".insteadof"))
            remote.insteadOf.append({value, key.mid(4, key.size() - 4 - 10)});
        else if (key.startsWith("url.") && key.endsWith(".pushinsteadof"))
            remote.pushInsteadOf.append({value, key.mid(4, key.size() - 4 - 14)});
    }
    if (rc != GIT_ITEROVER)
        return gitError(QStringLiteral("cannot read the repository's config"), rc);
    if (remote.url.isEmpty())
        return Error{QStringLiteral("no remote '%1' (remote.%1.url is not set)").arg(name)};
    return remote;
}

} // namespace

Result<GitRemotePtr> openRemote(git_repository *repo, const QString &name)
{
    const auto config = readRemoteConfig(repo, name);
    if (!config)
        return config.error();
    const QByteArray url = rewritten(config->url, config->insteadOf);
    git_remote_create_options options = GIT_REMOTE_CREATE_OPTIONS_INIT;
    options.repository = repo;
    options.flags = GIT_REMOTE_CREATE_SKIP_INSTEADOF;
    if (!config->fetchSpec.isEmpty())
        options.fetchspec = config->fetchSpec.constData();
    else
        options.flags |= GIT_REMOTE_CREATE_SKIP_DEFAULT_FETCHSPEC;
    git_remote *raw = nullptr;
    if (int rc = git_remote_create_with_opts(&raw, url.constData(), &options); rc < 0)
        return gitError(QStringLiteral("cannot open remote '%1'").arg(name), rc);
    GitRemotePtr remote(raw);

    // A push goes to pushurl (itself rewritten by insteadOf), else to url as pushInsteadOf has it.
    bool pushRewritten = false;
    const QByteArray pushUrl = !config->pushUrl.isEmpty()
            ? rewritten(config->pushUrl, config->insteadOf)
            : rewritten(config->url, config->pushInsteadOf, &pushRewritten);
    if (!config->pushUrl.isEmpty() || pushRewritten) {
        if (int rc = git_remote_set_instance_pushurl(remote.get(), pushUrl.constData()); rc < 0)
            return gitError(QStringLiteral("cannot set the push URL of '%1'").arg(name), rc);
    }
    return remote;
}

Result<QString> remoteFetchUrl(git_repository *repo, const QString &name)
{
    const auto config = readRemoteConfig(repo, name);
    if (!config)
        return config.error();
    return QString::fromUtf8(rewritten(config->url, config->insteadOf));
}

} // namespace qd
