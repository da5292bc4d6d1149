// libFuzzer's start-up hook, linked into every target: one QCoreApplication for the whole run
// (Qt's plugin loading, the SQLite driver among them, wants one), and routine log lines off (a
// fuzzer runs a million inputs).
#include <QCoreApplication>

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    qputenv("QT_LOGGING_RULES", "quarterdeck.*=false\n*.debug=false");
    static QCoreApplication app(*argc, *argv);
    return 0;
}
