#pragma once

#include "services/changes/ChangeEngine.h"
#include "services/secrets/SecretStore.h"

#include <QCommandLineParser>
#include <QStringList>
#include <QTextStream>
#include <QThread>

namespace qd::cli {

class CommandParser;

// The keychain on a thread of its own, so that a push waiting for a token (from libgit2's
// credentials callback) runs no event loop of its own in the middle of the transfer.
struct KeychainThread
{
    KeychainThread();
    ~KeychainThread();
    QThread thread;
    SecretStore store;
};

// The options of every command that commits: --change-request, --branch, --push, --remote and
// --accept-host-key; and what they ask of a commit (trailer, review branch, push).
void addCommitOptions(CommandParser &command);
void applyCommitOptions(const QCommandLineParser &parser, CommitRequest &request);

// The engine's SSH key, HTTPS user and CA from the GUI's settings, tokens from the keychain and
// the host keys the user accepted on the command line (--accept-host-key).
void configureTransport(ChangeEngine &engine, SecretStore &secrets, const QStringList &hostKeys);

// Prints what happened to a commit and its push, as `quarterdeck <command>`; returns the exit code
// (0 committed/pushed, 1 refused or conflicting, 2 network or I/O).
int reportAttempt(const ChangeAttempt &attempt, const QString &command, QTextStream &out,
                  QTextStream &err);

} // namespace qd::cli
