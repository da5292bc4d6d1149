# Installation layout and packages (installer/README.md says what builds where).
#   Linux:   cpack -G DEB, cpack -G RPM; depends on the distribution's Qt packages
#   Windows: cpack -G NSIS, with the Qt DLLs deployed by windeployqt (a Windows build only)
#   macOS:   cpack -G DragNDrop, with the frameworks deployed by macdeployqt (a macOS build only)
include(GNUInstallDirs)

set(QD_APP_ID io.github.quarterdeck.Quarterdeck)

# quarterdeck(1) and the shell completions: app/CMakeLists.txt has the binary write them after
# each build, from the command table its parser uses (installer/generate-cli-docs.cmake).
set(QD_CLI_DOCS ${PROJECT_BINARY_DIR}/cli-docs)

if(UNIX AND NOT APPLE)
    install(FILES ${QD_CLI_DOCS}/quarterdeck.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
    install(FILES ${QD_CLI_DOCS}/quarterdeck.bash
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME quarterdeck)
    # Debian's zsh reads vendor-completions; other distributions' zsh read site-functions.
    set(QD_ZSH_COMPLETIONS_DIR ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions
        CACHE STRING "Where the zsh completion is installed, under the prefix")
    install(FILES ${QD_CLI_DOCS}/_quarterdeck DESTINATION ${QD_ZSH_COMPLETIONS_DIR})
    install(FILES ${QD_CLI_DOCS}/quarterdeck.fish
        DESTINATION ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d)
    # Debian policy: the copyright file, and the changelog compressed with gzip -9n.
    install(FILES ${PROJECT_SOURCE_DIR}/installer/debian/copyright
        DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/quarterdeck)
    file(STRINGS ${PROJECT_SOURCE_DIR}/installer/debian/changelog qd_changelog_top LIMIT_COUNT 1)
    if(NOT qd_changelog_top MATCHES "^quarterdeck \\(${PROJECT_VERSION}\\) ")
        message(FATAL_ERROR "installer/debian/changelog starts with '${qd_changelog_top}': give "
                            "version ${PROJECT_VERSION} (the project's) its entry first")
    endif()
    find_program(QD_GZIP gzip)
    if(QD_GZIP)
        set(changelog ${PROJECT_BINARY_DIR}/changelog.gz)
        add_custom_command(OUTPUT ${changelog}
            COMMAND ${QD_GZIP} -9nc ${PROJECT_SOURCE_DIR}/installer/debian/changelog > ${changelog}
            DEPENDS ${PROJECT_SOURCE_DIR}/installer/debian/changelog)
        add_custom_target(debian_changelog ALL DEPENDS ${changelog})
        install(FILES ${changelog} DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/quarterdeck)
    endif()

    # The raster icons menus and software centres ask for, rendered from the SVG.
    find_program(QD_RSVG_CONVERT rsvg-convert)
    if(QD_RSVG_CONVERT)
        foreach(size 48 256)
            set(png ${PROJECT_BINARY_DIR}/icons/${size}x${size}/${QD_APP_ID}.png)
            add_custom_command(OUTPUT ${png}
                COMMAND ${CMAKE_COMMAND} -E make_directory ${PROJECT_BINARY_DIR}/icons/${size}x${size}
                COMMAND ${QD_RSVG_CONVERT} -w ${size} -h ${size}
                        -o ${png} ${PROJECT_SOURCE_DIR}/resources/icons/quarterdeck.svg
                DEPENDS ${PROJECT_SOURCE_DIR}/resources/icons/quarterdeck.svg
                VERBATIM)
            list(APPEND QD_RASTER_ICONS ${png})
            install(FILES ${png}
                DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps)
        endforeach()
        add_custom_target(raster_icons ALL DEPENDS ${QD_RASTER_ICONS})
    else()
        message(WARNING "rsvg-convert not found (Debian: librsvg2-bin): the packages get the "
                        "scalable icon only")
    endif()

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
# Lines of at most 80 characters: dpkg shows the description as it is.
set(CPACK_PACKAGE_DESCRIPTION
    "Desktop console for teams that run managed Spinnaker installations: the\n\
fleet's Red and Green zones from the Kustomize config repo, validation,\n\
upgrades and the promotion gate, SLOs and incidents, with a headless command\n\
line for scripts.")
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
    set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
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
        /usr/share/icons/hicolor/scalable/apps
        /usr/share/icons/hicolor/48x48
        /usr/share/icons/hicolor/48x48/apps
        /usr/share/icons/hicolor/256x256
        /usr/share/icons/hicolor/256x256/apps
        /usr/share/man
        /usr/share/man/man1
        /usr/share/bash-completion
        /usr/share/bash-completion/completions
        /usr/share/zsh
        /usr/share/zsh/vendor-completions
        /usr/share/fish
        /usr/share/fish/vendor_completions.d
        /usr/share/doc)
endif()

include(CPack)
