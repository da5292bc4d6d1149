#include "services/Logging.h"

Q_LOGGING_CATEGORY(lcGit, "quarterdeck.git")
Q_LOGGING_CATEGORY(lcConfig, "quarterdeck.config")
Q_LOGGING_CATEGORY(lcDemo, "quarterdeck.demo")
