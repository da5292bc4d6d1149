#include "app/cli/UpgradeJson.h"

namespace qd::cli {

namespace {

QJsonValue textOrNull(const QString &text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

} // namespace

QJsonArray ruleListJson(const QList<GateRule> &rules)
{
    QJsonArray list;
    for (const GateRule &rule : rules)
        list.append(QJsonObject{{QStringLiteral("id"), rule.id},
                                {QStringLiteral("passed"), rule.passed},
                                {QStringLiteral("evidence"), rule.evidence}});
    return list;
}

QJsonObject zoneStateJson(const QString &desired, const ZoneLiveState &live)
{
    const std::optional<bool> drift = isDrifted(desired, live);
    return QJsonObject{
            {QStringLiteral("desired"), textOrNull(desired)},
            {QStringLiteral("running"), live.known ? textOrNull(live.running) : QJsonValue()},
            {QStringLiteral("status"),
             live.known ? QJsonValue(operatorStatusName(live.status)) : QJsonValue()},
            {QStringLiteral("drift"), drift ? QJsonValue(*drift) : QJsonValue()},
            {QStringLiteral("since"), live.known && live.since.isValid()
                                              ? QJsonValue(live.since.toUTC().toString(Qt::ISODate))
                                              : QJsonValue()},
    };
}

} // namespace qd::cli
