#pragma once

#include <QStringList>

class QTextStream;

namespace qd::cli {

// Exit codes of every command (DESIGN.md): 0 success, 1 refused, 2 usage or I/O error.
enum ExitCode { Success = 0, Refused = 1, UsageOrIoError = 2 };

bool isCommand(const char *word);
int run(int argc, char *argv[]);

// One function per command, each in its own file; arguments exclude the program and command.
int runFleet(const QStringList &arguments, QTextStream &out, QTextStream &err);
int runValidate(const QStringList &arguments, QTextStream &out, QTextStream &err);
int runDemo(const QStringList &arguments, QTextStream &out, QTextStream &err);
int runSet(const QStringList &arguments, QTextStream &out, QTextStream &err);
int runSlo(const QStringList &arguments, QTextStream &out, QTextStream &err);
int runIncidents(const QStringList &arguments, QTextStream &out, QTextStream &err);
int runPromote(const QStringList &arguments, QTextStream &out, QTextStream &err);
int runVerify(const QStringList &arguments, QTextStream &out, QTextStream &err);
int runUpgrades(const QStringList &arguments, QTextStream &out, QTextStream &err);

} // namespace qd::cli
