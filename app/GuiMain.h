#pragma once

namespace qd {

// Starts the GUI: `quarterdeck [--demo] [--repo DIR]`. Returns the process exit code.
int runGui(int argc, char *argv[]);

} // namespace qd
