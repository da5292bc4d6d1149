#include "services/Logging.h"

// Debug messages are off unless asked for (QT_LOGGING_RULES="quarterdeck.*.debug=true"): the CLI's
// stderr is for problems a user must act on.
Q_LOGGING_CATEGORY(lcGit, "quarterdeck.git", QtInfoMsg)
Q_LOGGING_CATEGORY(lcConfig, "quarterdeck.config", QtInfoMsg)
Q_LOGGING_CATEGORY(lcDemo, "quarterdeck.demo", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSecrets, "quarterdeck.secrets", QtInfoMsg)
Q_LOGGING_CATEGORY(lcTelemetry, "quarterdeck.telemetry", QtInfoMsg)
Q_LOGGING_CATEGORY(lcIncidents, "quarterdeck.incidents", QtInfoMsg)
