#pragma once

#include <QByteArray>
#include <QFile>
#include <QString>

namespace qd::test {

// Points HOME and the XDG folders into `home` (call it before QApplication exists), so that a
// test reads and writes none of the real user's settings, app data, journal or keychain paths.
inline void useScratchHome(const QString &home)
{
    const QByteArray root = QFile::encodeName(home);
    qputenv("HOME", root);
    qputenv("XDG_CONFIG_HOME", root + "/.config");
    qputenv("XDG_DATA_HOME", root + "/.local/share");
    qputenv("XDG_CACHE_HOME", root + "/.cache");
    qputenv("XDG_STATE_HOME", root + "/.local/state");
}

} // namespace qd::test
