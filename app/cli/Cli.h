#pragma once

#include <QStringList>

#include <span>

class QTextStream;

namespace qd::cli {

class CommandParser;

// Exit codes of every command (DESIGN.md): 0 success, 1 refused, 2 usage or I/O error.
enum ExitCode { Success = 0, Refused = 1, UsageOrIoError = 2 };

// One command of `quarterdeck COMMAND`: `describe` declares its options, arguments, exit codes
// and examples; `run` runs it once they have been parsed. The table of them (commandTable) is
// the one source of the parser, --help, the man page and the shell completions.
struct CommandSpec
{
    const char *name;
    const char *summary; // one line, for `quarterdeck --help`
    void (*describe)(CommandParser &command);
    int (*run)(const CommandParser &command, QTextStream &out, QTextStream &err);
};

std::span<const CommandSpec> commandTable();

bool isCommand(const char *word);
int run(int argc, char *argv[]);

// One pair per command, each in its own file.
void describeDemo(CommandParser &command);
int runDemo(const CommandParser &command, QTextStream &out, QTextStream &err);
void describeFleet(CommandParser &command);
int runFleet(const CommandParser &command, QTextStream &out, QTextStream &err);
void describeValidate(CommandParser &command);
int runValidate(const CommandParser &command, QTextStream &out, QTextStream &err);
void describeSet(CommandParser &command);
int runSet(const CommandParser &command, QTextStream &out, QTextStream &err);
void describeSlo(CommandParser &command);
int runSlo(const CommandParser &command, QTextStream &out, QTextStream &err);
void describeIncidents(CommandParser &command);
int runIncidents(const CommandParser &command, QTextStream &out, QTextStream &err);
void describePromote(CommandParser &command);
int runPromote(const CommandParser &command, QTextStream &out, QTextStream &err);
void describeVerify(CommandParser &command);
int runVerify(const CommandParser &command, QTextStream &out, QTextStream &err);
void describeUpgrades(CommandParser &command);
int runUpgrades(const CommandParser &command, QTextStream &out, QTextStream &err);
void describeCompletion(CommandParser &command);
int runCompletion(const CommandParser &command, QTextStream &out, QTextStream &err);
void describeManPage(CommandParser &command);
int runManPage(const CommandParser &command, QTextStream &out, QTextStream &err);

} // namespace qd::cli
