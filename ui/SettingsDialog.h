#pragma once

#include "services/AppSettings.h"

#include <QDialog>
#include <QMap>

class QComboBox;
class QDialogButtonBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QSpinBox;
class QTabWidget;

namespace qd {

class SecretStore;

// File → Settings…: the live sources (Prometheus, Alertmanager) and git's author and
// credentials. Tokens and passwords typed here go to the keychain (qd::SecretStore, written
// asynchronously), never to the settings; the other values to QSettings through
// qd::AppSettings. applied() then hands the new settings to whoever puts them to work
// (qd::LiveSources in the app), without a restart.
class SettingsDialog : public QDialog
{
    Q_OBJECT
public:
    explicit SettingsDialog(QWidget *parent = nullptr);
    ~SettingsDialog() override;

    // Fills the fields; the secret fields stay empty (empty = keep what the keychain holds).
    void setValues(const AppSettings &settings);
    AppSettings values() const;
    // The remote whose token the Git page stores (the open repo's origin), unless one was typed.
    void setGitRemoteUrl(const QString &url);

    // What keeps the values from being applied, in words; empty when they can be.
    QString validationError() const;
    // Writes the typed secrets to the keychain, then saves the settings and emits applied().
    // Returns false, changing nothing, when the values are not valid. Asynchronous: the dialog
    // is busy (its buttons disabled) until the keychain has answered.
    bool apply();
    bool isApplying() const { return m_pendingWrites > 0; }

signals:
    void applied(const qd::AppSettings &settings);
    void applyFailed(const QString &message);

private:
    // The fields every HTTP source has.
    struct SourceFields
    {
        QLineEdit *url = nullptr;
        QComboBox *auth = nullptr;
        QLineEdit *username = nullptr;
        QLineEdit *secret = nullptr;
        QLineEdit *caFile = nullptr;
        QSpinBox *timeout = nullptr;
    };

    QWidget *createPrometheusPage();
    QWidget *createAlertmanagerPage();
    QWidget *createGitPage();
    SourceFields addSourceFields(QFormLayout *form, const QString &name, const QString &example);
    QWidget *withBrowseButton(QLineEdit *edit, const QString &title, const QString &filter);
    void setSourceValues(const SourceFields &fields,
                         const QUrl &url,
                         HttpAuth auth,
                         const QString &username,
                         const QString &caFile,
                         int timeoutMs);
    void updateState();
    void finishApply(const AppSettings &settings);
    void setBusy(bool busy);

    SecretStore *m_secrets;
    QTabWidget *m_tabs = nullptr;
    SourceFields m_prometheus;
    QMap<QString, QLineEdit *> m_queries; // by template name
    SourceFields m_alertmanager;
    QLineEdit *m_severityMap = nullptr;
    QComboBox *m_unmappedPriority = nullptr;
    QLineEdit *m_authorName = nullptr;
    QLineEdit *m_authorEmail = nullptr;
    QLineEdit *m_httpsUser = nullptr;
    QLineEdit *m_gitRemote = nullptr;
    QLineEdit *m_gitToken = nullptr;
    QLineEdit *m_sshKeyFile = nullptr;
    QLineEdit *m_gitCaFile = nullptr;
    QLabel *m_message = nullptr;
    QDialogButtonBox *m_buttons = nullptr;

    int m_pendingWrites = 0;
    QStringList m_writeErrors;
    bool m_closeWhenApplied = false;
};

} // namespace qd
