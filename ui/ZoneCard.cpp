#include "ui/ZoneCard.h"

#include "models/FleetTreeModel.h"
#include "ui/Labels.h"

#include <QDesktopServices>
#include <QHBoxLayout>
#include <QLabel>
#include <QStyle>
#include <QUrl>
#include <QVBoxLayout>

namespace qd {

namespace {

QString linkHtml(const QString &title, const QUrl &url)
{
    return QStringLiteral("<a href=\"%1\">%2</a>")
            .arg(url.toString(QUrl::FullyEncoded).toHtmlEscaped(), title);
}

} // namespace

QColor ZoneCard::accentColor(ZoneKind kind)
{
    return kind == ZoneKind::Red ? QColor(0xd6, 0x45, 0x45) : QColor(0x2e, 0x9d, 0x5b);
}

ZoneCard::ZoneCard(ZoneKind kind, QWidget *parent)
    : QFrame(parent)
    , m_kind(kind)
{
    setObjectName(kind == ZoneKind::Red ? QStringLiteral("redZoneCard")
                                        : QStringLiteral("greenZoneCard"));
    setFrameShape(QFrame::StyledPanel);

    auto *accent = new QFrame(this);
    accent->setFixedWidth(5);
    accent->setAutoFillBackground(true);
    QPalette accentPalette = accent->palette();
    accentPalette.setColor(QPalette::Window, accentColor(kind));
    accent->setPalette(accentPalette);

    auto *titleIcon = new QLabel(this);
    const int iconSize = style()->pixelMetric(QStyle::PM_SmallIconSize);
    titleIcon->setPixmap(FleetTreeModel::zoneIcon(kind).pixmap(iconSize, iconSize));
    auto *title = new QLabel(kind == ZoneKind::Red ? QStringLiteral("Red zone")
                                                   : QStringLiteral("Green zone"),
                             this);
    title->setFont(scaledFont(font(), 1.15, QFont::Bold));
    m_statusIcon = new QLabel(this);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("zoneStatus"));

    auto *titleRow = new QHBoxLayout;
    titleRow->addWidget(titleIcon);
    titleRow->addWidget(title);
    titleRow->addStretch();
    titleRow->addWidget(m_statusIcon);
    titleRow->addWidget(m_status);

    auto *body = new QVBoxLayout;
    body->addLayout(titleRow);
    // Paths are long and cards share the pane's width: let "set in" and the path part ways.
    m_cluster = makeLabel(this, QStringLiteral("cluster"), LabelWrap::WordWrap);
    m_version =
            makeLabel(this, QStringLiteral("version"), LabelWrap::SingleLine, 1.5, QFont::DemiBold);
    m_versionLocation = makeLabel(this, QStringLiteral("versionLocation"), LabelWrap::WordWrap);
    m_files = makeLabel(this, QStringLiteral("overlayFiles"), LabelWrap::WordWrap);
    m_links = makeLabel(this, QStringLiteral("links"));
    m_links->setTextFormat(Qt::RichText);
    m_links->setTextInteractionFlags(Qt::TextBrowserInteraction);
    connect(m_links, &QLabel::linkActivated, this,
            [](const QString &link) { QDesktopServices::openUrl(QUrl(link)); });
    m_problems = makeLabel(this, QStringLiteral("problems"), LabelWrap::WordWrap);
    for (QLabel *label : {m_cluster, m_version, m_versionLocation, m_files, m_links, m_problems})
        body->addWidget(label);
    body->addStretch();

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(accent);
    auto *bodyMargins = new QVBoxLayout;
    bodyMargins->setContentsMargins(8, 6, 6, 6);
    bodyMargins->addLayout(body);
    layout->addLayout(bodyMargins, 1);
}

void ZoneCard::setZone(const Customer &customer, const Zone *zone)
{
    const int iconSize = style()->pixelMetric(QStyle::PM_SmallIconSize);
    const auto showStatus = [&](FleetTreeModel::StatusKind kind, const QString &text) {
        m_statusIcon->setPixmap(FleetTreeModel::statusIcon(kind).pixmap(iconSize, iconSize));
        m_status->setText(text);
    };
    if (!zone) {
        showStatus(FleetTreeModel::StatusKind::Error, QStringLiteral("not declared"));
        m_cluster->setText(QStringLiteral("fleet.yaml declares no %1 zone for %2.")
                                   .arg(zoneKindName(m_kind), customer.id));
        for (QLabel *label : {m_version, m_versionLocation, m_files, m_links, m_problems})
            label->clear();
        return;
    }

    if (!zone->resolution.resolved)
        showStatus(FleetTreeModel::StatusKind::Error, QStringLiteral("overlay not resolved"));
    else if (zone->resolution.version.isEmpty())
        showStatus(FleetTreeModel::StatusKind::Warning, QStringLiteral("no version set"));
    else if (!zone->problems.isEmpty())
        showStatus(FleetTreeModel::StatusKind::Warning, problemCountText(zone->problems.size()));
    else
        showStatus(FleetTreeModel::StatusKind::Ok, QStringLiteral("ok"));

    m_cluster->setText(QStringLiteral("%1    %2").arg(zone->cluster, cloudRegionText(*zone)));
    m_version->setText(zone->resolution.version.isEmpty() ? QStringLiteral("version not set")
                                                          : zone->resolution.version);
    const QString location = versionLocationText(*zone);
    m_versionLocation->setText(location.isEmpty() ? QStringLiteral("not set in any file")
                                                  : location);

    // The overlay's own files by their names; shared bases and components by their full paths.
    const QString overlayPrefix = zone->overlay + QLatin1Char('/');
    QStringList files{QStringLiteral("Overlay %1, files in the order Kustomize reads them:")
                              .arg(zone->overlay)};
    for (const QString &file : zone->resolution.files) {
        files << QStringLiteral("  ") +
                         (file.startsWith(overlayPrefix) ? file.mid(overlayPrefix.size()) : file);
    }
    m_files->setText(files.join(QLatin1Char('\n')));

    QStringList links;
    if (zone->deck.isValid() && !zone->deck.isEmpty())
        links << linkHtml(QStringLiteral("Deck"), zone->deck);
    if (zone->gate.isValid() && !zone->gate.isEmpty())
        links << linkHtml(QStringLiteral("Gate"), zone->gate);
    m_links->setText(links.isEmpty() ? QStringLiteral("no Deck or Gate URL")
                                     : links.join(QStringLiteral("&nbsp;&nbsp;&nbsp;")));
    m_links->setToolTip(
            QStringLiteral("Deck: %1\nGate: %2").arg(zone->deck.toString(), zone->gate.toString()));

    QStringList problems;
    for (const Diagnostic &problem : zone->problems)
        problems << QStringLiteral("\u26a0 ") + problem.toString();
    m_problems->setText(problems.join(QLatin1Char('\n')));
    m_problems->setVisible(!problems.isEmpty());
}

} // namespace qd
