#include "ui/SettingsDialog.h"

#include "services/secrets/SecretStore.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace qd {

namespace {

QString keepSecretHint()
{
    return QObject::tr("empty: keep the one in the keychain");
}

// What a URL field holds, or why it is not a URL a source can be reached at.
Result<QUrl> sourceUrl(const QLineEdit *edit, const QString &name)
{
    const QString text = edit->text().trimmed();
    if (text.isEmpty())
        return QUrl();
    const QUrl url(text, QUrl::StrictMode);
    const QString scheme = url.scheme();
    if (!url.isValid() || url.host().isEmpty() ||
        (scheme != QLatin1String("http") && scheme != QLatin1String("https")))
        return Error{QObject::tr("%1: \"%2\" is not an http:// or https:// URL").arg(name, text)};
    return url;
}

QUrl urlOrEmpty(const QLineEdit *edit)
{
    const auto url = sourceUrl(edit, QString());
    return url.ok() ? url.value() : QUrl();
}

QString pemFilter()
{
    return QObject::tr("PEM certificates (*.pem *.crt *.cer);;All files (*)");
}

HttpAuth authOf(const QComboBox *box)
{
    return HttpAuth(box->currentData().toInt());
}

} // namespace

SettingsDialog::SettingsDialog(QWidget *parent)
    : QDialog(parent)
    , m_secrets(new SecretStore(QStringLiteral("Quarterdeck"), this))
    , m_tabs(new QTabWidget(this))
    , m_message(new QLabel(this))
    , m_buttons(new QDialogButtonBox(
              QDialogButtonBox::Ok | QDialogButtonBox::Apply | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Settings"));
    setObjectName(QStringLiteral("settingsDialog"));
    m_tabs->addTab(createPrometheusPage(), tr("&Prometheus"));
    m_tabs->addTab(createAlertmanagerPage(), tr("&Alertmanager"));
    m_tabs->addTab(createGitPage(), tr("&Git"));

    m_message->setObjectName(QStringLiteral("settingsMessage"));
    m_buttons->setObjectName(QStringLiteral("settingsButtons"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);

    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        m_closeWhenApplied = true;
        if (!apply())
            m_closeWhenApplied = false;
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_buttons->button(QDialogButtonBox::Apply), &QPushButton::clicked, this,
            [this] { apply(); });

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(m_message);
    layout->addWidget(m_buttons);
    setValues(AppSettings{});
    // Wide enough for a URL and a query template to read whole.
    resize(std::max(sizeHint().width(), fontMetrics().horizontalAdvance(QLatin1Char('M')) * 64),
           sizeHint().height());
}

SettingsDialog::~SettingsDialog() = default;

SettingsDialog::SourceFields
SettingsDialog::addSourceFields(QFormLayout *form, const QString &name, const QString &example)
{
    SourceFields f;
    const QString prefix = name.toLower();
    f.url = new QLineEdit(this);
    f.url->setObjectName(prefix + QStringLiteral("Url"));
    f.url->setPlaceholderText(tr("%1 (empty: not used)").arg(example));
    f.auth = new QComboBox(this);
    f.auth->setObjectName(prefix + QStringLiteral("Auth"));
    f.auth->addItem(tr("None"), int(HttpAuth::None));
    f.auth->addItem(tr("Bearer token"), int(HttpAuth::Bearer));
    f.auth->addItem(tr("Basic (user name and password)"), int(HttpAuth::Basic));
    f.username = new QLineEdit(this);
    f.username->setObjectName(prefix + QStringLiteral("Username"));
    f.secret = new QLineEdit(this);
    f.secret->setObjectName(prefix + QStringLiteral("Secret"));
    f.secret->setEchoMode(QLineEdit::Password);
    f.secret->setPlaceholderText(keepSecretHint());
    f.secret->setToolTip(
            tr("Stored in the system keychain under \"%1/<URL>\", never in a file").arg(prefix));
    f.caFile = new QLineEdit(this);
    f.caFile->setObjectName(prefix + QStringLiteral("CaFile"));
    f.caFile->setPlaceholderText(tr("empty: the system's certificate authorities"));
    f.timeout = new QSpinBox(this);
    f.timeout->setObjectName(prefix + QStringLiteral("Timeout"));
    f.timeout->setRange(1, 300);
    f.timeout->setSuffix(tr(" s"));

    form->addRow(tr("&URL:"), f.url);
    form->addRow(tr("Au&thentication:"), f.auth);
    form->addRow(tr("User &name:"), f.username);
    form->addRow(tr("T&oken or password:"), f.secret);
    form->addRow(tr("&CA certificate:"),
                 withBrowseButton(f.caFile, tr("%1 CA certificate").arg(name), pemFilter()));
    form->addRow(tr("Ti&meout:"), f.timeout);

    for (QLineEdit *edit : {f.url, f.username, f.secret, f.caFile})
        connect(edit, &QLineEdit::textChanged, this, &SettingsDialog::updateState);
    connect(f.auth, &QComboBox::currentIndexChanged, this, &SettingsDialog::updateState);
    return f;
}

QWidget *
SettingsDialog::withBrowseButton(QLineEdit *edit, const QString &title, const QString &filter)
{
    auto *row = new QWidget(this);
    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(edit, 1);
    auto *browse = new QToolButton(row);
    browse->setText(tr("Browse…"));
    browse->setObjectName(edit->objectName() + QStringLiteral("Browse"));
    layout->addWidget(browse);
    connect(browse, &QToolButton::clicked, edit, [this, edit, title, filter] {
        // Not the static helper: the dialog opens and the event loop keeps running.
        auto *picker = new QFileDialog(this, title, QFileInfo(edit->text()).absolutePath(), filter);
        if (edit->text().isEmpty())
            picker->setDirectory(QDir::homePath());
        picker->setAttribute(Qt::WA_DeleteOnClose);
        picker->setFileMode(QFileDialog::ExistingFile);
        picker->setFilter(picker->filter() | QDir::Hidden); // ~/.ssh
        connect(picker, &QFileDialog::fileSelected, edit, &QLineEdit::setText);
        picker->open();
    });
    return row;
}

QWidget *SettingsDialog::createPrometheusPage()
{
    auto *page = new QWidget(this);
    auto *form = new QFormLayout;
    m_prometheus = addSourceFields(form, QStringLiteral("Prometheus"),
                                   QStringLiteral("https://prometheus.example:9090"));
    auto *queries = new QGroupBox(tr("Queries ($cluster is the zone's cluster label)"), page);
    auto *queryForm = new QFormLayout(queries);
    const QStringList labels = {tr("Availability SLI:"), tr("Replicas available:"),
                                tr("Replicas desired:"), tr("Version and status:")};
    const QStringList names = queryTemplateNames(); // in the order of the labels
    for (qsizetype i = 0; i < names.size(); ++i) {
        const QString &name = names[i];
        auto *edit = new QLineEdit(queries);
        edit->setObjectName(QStringLiteral("query_") + name);
        edit->setPlaceholderText(defaultQueryTemplate(name));
        edit->setToolTip(tr("Empty: the default, %1").arg(defaultQueryTemplate(name)));
        queryForm->addRow(labels.value(i, name), edit);
        m_queries.insert(name, edit);
    }
    auto *layout = new QVBoxLayout(page);
    layout->addLayout(form);
    layout->addWidget(queries);
    layout->addStretch(1);
    return page;
}

QWidget *SettingsDialog::createAlertmanagerPage()
{
    auto *page = new QWidget(this);
    auto *form = new QFormLayout(page);
    m_alertmanager = addSourceFields(form, QStringLiteral("Alertmanager"),
                                     QStringLiteral("https://alertmanager.example:9093"));
    m_severityMap = new QLineEdit(page);
    m_severityMap->setObjectName(QStringLiteral("severityMap"));
    m_severityMap->setToolTip(tr("Used for alerts without a priority label: severity=priority, "
                                 "separated by commas"));
    connect(m_severityMap, &QLineEdit::textChanged, this, &SettingsDialog::updateState);
    m_unmappedPriority = new QComboBox(page);
    m_unmappedPriority->setObjectName(QStringLiteral("unmappedPriority"));
    for (Priority p : {Priority::P0, Priority::P1, Priority::P2})
        m_unmappedPriority->addItem(priorityName(p), int(p));
    form->addRow(tr("&Severity → priority:"), m_severityMap);
    form->addRow(tr("Other se&verities:"), m_unmappedPriority);
    auto *note =
            new QLabel(tr("Without a URL the Incidents tab shows the incident journal."), page);
    note->setWordWrap(true);
    form->addRow(note);
    return page;
}

QWidget *SettingsDialog::createGitPage()
{
    auto *page = new QWidget(this);
    auto *form = new QFormLayout(page);
    m_authorName = new QLineEdit(page);
    m_authorName->setObjectName(QStringLiteral("gitAuthorName"));
    m_authorName->setPlaceholderText(tr("empty: git config user.name"));
    m_authorEmail = new QLineEdit(page);
    m_authorEmail->setObjectName(QStringLiteral("gitAuthorEmail"));
    m_authorEmail->setPlaceholderText(tr("empty: git config user.email"));
    m_httpsUser = new QLineEdit(page);
    m_httpsUser->setObjectName(QStringLiteral("gitHttpsUser"));
    m_httpsUser->setPlaceholderText(tr("for https:// remotes whose URL names no user"));
    m_gitRemote = new QLineEdit(page);
    m_gitRemote->setObjectName(QStringLiteral("gitRemoteUrl"));
    m_gitRemote->setPlaceholderText(tr("the remote the token is for, as in git remote -v"));
    m_gitToken = new QLineEdit(page);
    m_gitToken->setObjectName(QStringLiteral("gitToken"));
    m_gitToken->setEchoMode(QLineEdit::Password);
    m_gitToken->setPlaceholderText(keepSecretHint());
    m_gitToken->setToolTip(tr("Stored in the system keychain under \"git/<remote URL>\""));
    m_sshKeyFile = new QLineEdit(page);
    m_sshKeyFile->setObjectName(QStringLiteral("gitSshKeyFile"));
    m_sshKeyFile->setPlaceholderText(tr("empty: ssh-agent"));
    m_gitCaFile = new QLineEdit(page);
    m_gitCaFile->setObjectName(QStringLiteral("gitCaFile"));
    m_gitCaFile->setPlaceholderText(tr("empty: the system's certificate authorities"));
    m_gitCaFile->setToolTip(tr("For https:// remotes whose certificate a private CA signed"));

    form->addRow(tr("Author &name:"), m_authorName);
    form->addRow(tr("Author &email:"), m_authorEmail);
    form->addRow(tr("HTTPS &user:"), m_httpsUser);
    form->addRow(tr("&Remote:"), m_gitRemote);
    form->addRow(tr("HTTPS &token:"), m_gitToken);
    form->addRow(tr("SSH &key file:"),
                 withBrowseButton(m_sshKeyFile, tr("SSH private key"), tr("All files (*)")));
    form->addRow(tr("&CA certificate:"),
                 withBrowseButton(m_gitCaFile, tr("Git CA certificate"), pemFilter()));
    auto *note = new QLabel(tr("Used from the next commit, push or fetch on."), page);
    note->setWordWrap(true);
    form->addRow(note);
    for (QLineEdit *edit : {m_authorEmail, m_gitRemote, m_gitToken})
        connect(edit, &QLineEdit::textChanged, this, &SettingsDialog::updateState);
    return page;
}

void SettingsDialog::setSourceValues(const SourceFields &fields,
                                     const QUrl &url,
                                     HttpAuth auth,
                                     const QString &username,
                                     const QString &caFile,
                                     int timeoutMs)
{
    fields.url->setText(url.isEmpty() ? QString() : url.toString(QUrl::StripTrailingSlash));
    fields.auth->setCurrentIndex(fields.auth->findData(int(auth)));
    fields.username->setText(username);
    fields.secret->clear();
    fields.caFile->setText(caFile);
    fields.timeout->setValue(std::max(1, timeoutMs / 1000));
}

void SettingsDialog::setValues(const AppSettings &settings)
{
    const PrometheusSettings &p = settings.prometheus;
    const HttpAuth promAuth = p.auth == PrometheusSettings::Auth::Bearer  ? HttpAuth::Bearer
                              : p.auth == PrometheusSettings::Auth::Basic ? HttpAuth::Basic
                                                                          : HttpAuth::None;
    setSourceValues(m_prometheus, p.url, promAuth, p.username, p.caFile, p.timeoutMs);
    for (auto it = m_queries.cbegin(); it != m_queries.cend(); ++it)
        it.value()->setText(settings.queryTemplates.value(it.key()));

    const AlertmanagerSettings &a = settings.alertmanager;
    setSourceValues(m_alertmanager, a.url, a.auth, a.username, a.caFile, a.timeoutMs);
    m_severityMap->setText(severityMapText(a.rules.severityPriority));
    m_unmappedPriority->setCurrentIndex(
            m_unmappedPriority->findData(int(a.rules.unmappedPriority)));

    m_authorName->setText(settings.git.authorName);
    m_authorEmail->setText(settings.git.authorEmail);
    m_httpsUser->setText(settings.git.httpsUser);
    m_sshKeyFile->setText(settings.git.sshKeyFile);
    m_gitCaFile->setText(settings.git.caFile);
    m_gitToken->clear();
    updateState();
}

AppSettings SettingsDialog::values() const
{
    AppSettings s;
    PrometheusSettings &p = s.prometheus;
    p.url = urlOrEmpty(m_prometheus.url);
    const HttpAuth promAuth = authOf(m_prometheus.auth);
    p.auth = promAuth == HttpAuth::Bearer  ? PrometheusSettings::Auth::Bearer
             : promAuth == HttpAuth::Basic ? PrometheusSettings::Auth::Basic
                                           : PrometheusSettings::Auth::None;
    p.username = m_prometheus.username->text().trimmed();
    p.caFile = m_prometheus.caFile->text().trimmed();
    p.timeoutMs = m_prometheus.timeout->value() * 1000;
    p.secretKey = p.url.isEmpty() ? QString() : prometheusSecretKey(p.url);
    for (auto it = m_queries.cbegin(); it != m_queries.cend(); ++it) {
        if (!it.value()->text().trimmed().isEmpty())
            s.queryTemplates.insert(it.key(), it.value()->text().trimmed());
    }

    AlertmanagerSettings &a = s.alertmanager;
    a.url = urlOrEmpty(m_alertmanager.url);
    a.auth = authOf(m_alertmanager.auth);
    a.username = m_alertmanager.username->text().trimmed();
    a.caFile = m_alertmanager.caFile->text().trimmed();
    a.timeoutMs = m_alertmanager.timeout->value() * 1000;
    if (const auto map = parseSeverityMap(m_severityMap->text()); map.ok())
        a.rules.severityPriority = map.value();
    a.rules.unmappedPriority = Priority(m_unmappedPriority->currentData().toInt());

    s.git.authorName = m_authorName->text().trimmed();
    s.git.authorEmail = m_authorEmail->text().trimmed();
    s.git.httpsUser = m_httpsUser->text().trimmed();
    s.git.sshKeyFile = m_sshKeyFile->text().trimmed();
    s.git.caFile = m_gitCaFile->text().trimmed();
    return s;
}

void SettingsDialog::setGitRemoteUrl(const QString &url)
{
    if (m_gitRemote->text().isEmpty())
        m_gitRemote->setText(url);
}

QString SettingsDialog::validationError() const
{
    for (const auto &[fields, name] :
         {std::pair{&m_prometheus, QStringLiteral("Prometheus")},
          std::pair{&m_alertmanager, QStringLiteral("Alertmanager")}}) {
        const auto url = sourceUrl(fields->url, name);
        if (!url.ok())
            return url.errorMessage();
        const HttpAuth auth = authOf(fields->auth);
        if (auth != HttpAuth::None && url.value().isEmpty())
            return tr("%1: authentication needs a URL").arg(name);
        if (auth == HttpAuth::Basic && fields->username->text().trimmed().isEmpty())
            return tr("%1: Basic authentication needs a user name").arg(name);
        if (auth == HttpAuth::None && !fields->secret->text().isEmpty())
            return tr("%1: choose how the token or password is sent").arg(name);
    }
    if (const auto map = parseSeverityMap(m_severityMap->text()); !map.ok())
        return tr("Severity → priority: %1").arg(map.errorMessage());
    const QString email = m_authorEmail->text().trimmed();
    if (!email.isEmpty() && !email.contains(QLatin1Char('@')))
        return tr("Git: \"%1\" is not an email address").arg(email);
    if (!m_gitToken->text().isEmpty() && m_gitRemote->text().trimmed().isEmpty())
        return tr("Git: name the remote the token is for");
    return {};
}

void SettingsDialog::updateState()
{
    for (const SourceFields *fields : {&m_prometheus, &m_alertmanager}) {
        const HttpAuth auth = authOf(fields->auth);
        fields->username->setEnabled(auth == HttpAuth::Basic);
        fields->secret->setEnabled(auth != HttpAuth::None);
    }
    if (isApplying())
        return;
    const QString error = validationError();
    m_message->setText(error);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(error.isEmpty());
    m_buttons->button(QDialogButtonBox::Apply)->setEnabled(error.isEmpty());
}

bool SettingsDialog::apply()
{
    if (isApplying())
        return false;
    if (const QString error = validationError(); !error.isEmpty()) {
        m_message->setText(error);
        return false;
    }
    const AppSettings settings = values();
    QList<std::pair<QString, QLineEdit *>> secrets;
    if (!m_prometheus.secret->text().isEmpty())
        secrets.append({settings.prometheus.secretKey, m_prometheus.secret});
    if (!m_alertmanager.secret->text().isEmpty())
        secrets.append({settings.alertmanager.secretKey(), m_alertmanager.secret});
    if (!m_gitToken->text().isEmpty())
        secrets.append({gitSecretKey(m_gitRemote->text().trimmed()), m_gitToken});
    m_writeErrors.clear();
    if (secrets.isEmpty()) {
        finishApply(settings);
        return true;
    }
    // The secrets first: the services read them as soon as they get the new settings.
    m_pendingWrites = int(secrets.size());
    setBusy(true);
    for (const auto &[key, field] : std::as_const(secrets)) {
        m_secrets->write(key, field->text(), this, [this, settings, field](Result<void> written) {
            if (written.ok())
                field->clear();
            else
                m_writeErrors.append(written.errorMessage());
            if (--m_pendingWrites == 0)
                finishApply(settings);
        });
    }
    return true;
}

void SettingsDialog::finishApply(const AppSettings &settings)
{
    setBusy(false);
    if (!m_writeErrors.isEmpty()) {
        // Nothing is saved: settings that name credentials the keychain lacks would not work.
        const QString message = m_writeErrors.join(QLatin1Char('\n'));
        m_message->setText(message);
        m_closeWhenApplied = false;
        emit applyFailed(message);
        return;
    }
    settings.save();
    m_message->setText(tr("Settings applied."));
    emit applied(settings);
    if (std::exchange(m_closeWhenApplied, false))
        accept();
}

void SettingsDialog::setBusy(bool busy)
{
    m_tabs->setEnabled(!busy);
    m_buttons->setEnabled(!busy);
    if (busy)
        m_message->setText(tr("Storing credentials in the keychain…"));
    else
        updateState();
}

} // namespace qd
