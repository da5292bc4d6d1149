# Installation layout and packages (installer/README.md says what builds where).
#   Linux:   cpack -G DEB, cpack -G RPM; depends on the distribution's Qt packages
#   Windows: cpack -G NSIS, with the Qt DLLs deployed by windeployqt (a Windows build only)
#   macOS:   cpack -G DragNDrop, with the frameworks deployed by macdeployqt (a macOS build only)
include(GNUInstallDirs)

set(QD_APP_ID io.github.quarterdeck.Quarterdeck)

if(UNIX AND NOT APPLE)
    # Desktop entry, metainfo and icon are named after the app id, as the AppStream spec asks.
    install(FILES ${PROJECT_SOURCE_DIR}/resources/quarterdeck.desktop
        DESTINATION ${CMAKE_INSTALL_DATADIR}/applications
        RENAME ${QD_APP_ID}.desktop)
    install(FILES ${PROJECT_SOURCE_DIR}/resources/${QD_APP_ID}.metainfo.xml
        DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
    install(FILES ${PROJECT_SOURCE_DIR}/resources/icons/quarterdeck.svg
        DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps
        RENAME ${QD_APP_ID}.svg)
endif()

# Qt 6.4 deploys on Windows and macOS only; on Linux the packages depend on the distribution's Qt.
if((WIN32 OR APPLE) AND TARGET quarterdeck)
    qt_generate_deploy_app_script(
        TARGET quarterdeck
        FILENAME_VARIABLE qd_deploy_script
        NO_UNSUPPORTED_PLATFORM_ERROR)
    install(SCRIPT ${qd_deploy_script})
endif()

if(QUARTERDECK_BUILD_TESTS AND UNIX AND NOT APPLE)
    # The files a software centre reads: a typo here hides the app from menus and stores.
    find_program(QD_DESKTOP_FILE_VALIDATE desktop-file-validate)
    find_program(QD_APPSTREAMCLI appstreamcli)
    if(QD_DESKTOP_FILE_VALIDATE AND QD_APPSTREAMCLI)
        add_test(NAME installer_desktop_entry
            COMMAND ${QD_DESKTOP_FILE_VALIDATE} ${PROJECT_SOURCE_DIR}/resources/quarterdeck.desktop)
        add_test(NAME installer_metainfo
            COMMAND ${QD_APPSTREAMCLI} validate --no-net
                    ${PROJECT_SOURCE_DIR}/resources/${QD_APP_ID}.metainfo.xml)
        set_tests_properties(installer_desktop_entry installer_metainfo
            PROPERTIES LABELS installer TIMEOUT 60)
    else()
        message(WARNING "desktop-file-validate or appstreamcli not found (run "
                        "installer/setup-debian.sh): the desktop entry and metainfo are not tested")
    endif()
endif()

set(CPACK_PACKAGE_NAME quarterdeck)
set(CPACK_PACKAGE_VENDOR "The Quarterdeck developers")
set(CPACK_PACKAGE_CONTACT "The Quarterdeck developers <quarterdeck@example.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_DESCRIPTION
    "Desktop console for teams that run managed Spinnaker installations: the fleet's Red and \
Green zones from the Kustomize config repo, validation, upgrades and SLOs.")
set(CPACK_PACKAGE_HOMEPAGE_URL "https://github.com/quarterdeck/quarterdeck")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_INSTALL_DIRECTORY Quarterdeck)
set(CPACK_PACKAGE_EXECUTABLES quarterdeck Quarterdeck)
set(CPACK_STRIP_FILES ON)

if(WIN32)
    set(CPACK_GENERATOR NSIS)
    set(CPACK_NSIS_DISPLAY_NAME Quarterdeck)
    set(CPACK_NSIS_PACKAGE_NAME Quarterdeck)
    set(CPACK_NSIS_INSTALLED_ICON_NAME bin\\\\quarterdeck.exe)
    set(CPACK_NSIS_ENABLE_UNINSTALL_BEFORE_INSTALL ON)
elseif(APPLE)
    set(CPACK_GENERATOR DragNDrop)
    set(CPACK_DMG_VOLUME_NAME Quarterdeck)
else()
    set(CPACK_GENERATOR DEB RPM)
    set(CPACK_PACKAGING_INSTALL_PREFIX /usr)

    set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
    set(CPACK_DEBIAN_PACKAGE_SECTION devel)
    set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
    # Loaded at run time, so dpkg-shlibdeps cannot see them: libsecret by QtKeychain, the SVG
    # image format plugin for the icons, the SQLite driver plugin for the store.
    set(CPACK_DEBIAN_PACKAGE_DEPENDS "libsecret-1-0, libqt6svg6, libqt6sql6-sqlite")
    set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "git")

    set(CPACK_RPM_FILE_NAME RPM-DEFAULT)
    set(CPACK_RPM_PACKAGE_LICENSE Apache-2.0)
    set(CPACK_RPM_PACKAGE_GROUP "Development/Tools")
    set(CPACK_RPM_PACKAGE_REQUIRES "libsecret, qt6-qtsvg")
    # These directories belong to the filesystem packages, not to us.
    set(CPACK_RPM_EXCLUDE_FROM_AUTO_FILELIST_ADDITION
        /usr/share/applications
        /usr/share/metainfo
        /usr/share/icons
        /usr/share/icons/hicolor
        /usr/share/icons/hicolor/scalable
        /usr/share/icons/hicolor/scalable/apps)
endif()

include(CPack)
