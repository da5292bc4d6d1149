// quarterdeck: the GUI when started without a command, the headless CLI otherwise.
#include "app/GuiMain.h"
#include "app/cli/Cli.h"

int main(int argc, char *argv[])
{
    if (argc > 1 && qd::cli::isCommand(argv[1]))
        return qd::cli::run(argc, argv);
    return qd::runGui(argc, argv);
}
