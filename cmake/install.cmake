# Where everything goes on `cmake --install` (Debian's layout with the default
# prefix /usr) and the .deb that `cpack -G DEB` builds from the same rules.
# Binaries are installed by their own CMakeLists (pppkitd: sbin, pppctl: bin).

set(PPPKIT_SYSTEMD_UNIT_DIR "lib/systemd/system" CACHE STRING
    "systemd system unit directory, relative to the prefix")
set(PPPKIT_TMPFILES_DIR "lib/tmpfiles.d" CACHE STRING "tmpfiles.d directory, relative to the prefix")
set(PPPKIT_BASH_COMPLETION_DIR "${CMAKE_INSTALL_DATADIR}/bash-completion/completions" CACHE STRING
    "bash-completion directory, relative to the prefix")

# systemd: the service, the per-peer template, /run/pppkit.
install(FILES systemd/pppkitd.service systemd/ppp@.service DESTINATION ${PPPKIT_SYSTEMD_UNIT_DIR})
install(FILES systemd/pppkit.tmpfiles DESTINATION ${PPPKIT_TMPFILES_DIR} RENAME pppkit.conf)

# D-Bus: bus policy, activation file, the interface descriptions.
install(FILES dbus/org.freedesktop.ppp1.conf DESTINATION ${CMAKE_INSTALL_DATADIR}/dbus-1/system.d)
install(FILES dbus/org.freedesktop.ppp1.service DESTINATION ${CMAKE_INSTALL_DATADIR}/dbus-1/system-services)
install(FILES dbus/org.freedesktop.ppp1.Manager.xml dbus/org.freedesktop.ppp1.Link.xml
        DESTINATION ${CMAKE_INSTALL_DATADIR}/dbus-1/interfaces)

# polkit: every action and rules file in polkit/.
file(GLOB PPPKIT_POLKIT_ACTIONS CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/polkit/*.policy)
file(GLOB PPPKIT_POLKIT_RULES CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/polkit/*.rules)
install(FILES ${PPPKIT_POLKIT_ACTIONS} DESTINATION ${CMAKE_INSTALL_DATADIR}/polkit-1/actions)
install(FILES ${PPPKIT_POLKIT_RULES} DESTINATION ${CMAKE_INSTALL_DATADIR}/polkit-1/rules.d)

# Shell completion.
install(FILES completion/pppctl DESTINATION ${PPPKIT_BASH_COMPLETION_DIR})

# Documentation.
install(FILES README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})

# --- Debian package -----------------------------------------------------------
# Two packages: pppkit (everything a system needs) and pppkit-sim (the modem
# and ISP simulator, for trying it out and for tests).
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL pppkit sim)
if(PPPKIT_BUILD_TRAY)
  # pppkit-tray: the Qt applet, a package of its own so that a server needs no Qt.
  list(APPEND CPACK_COMPONENTS_ALL tray)
  set(CPACK_DEBIAN_TRAY_PACKAGE_NAME pppkit-tray)
  set(CPACK_DEBIAN_TRAY_PACKAGE_SECTION net)
  set(CPACK_DEBIAN_TRAY_PACKAGE_DEPENDS "pppkit, libqt6svg6")
  set(CPACK_DEBIAN_TRAY_DESCRIPTION "Tray applet for pppkit: connect PPP links with a click\n\
pppkit-tray shows the peers of pppkitd in the system tray, connects and\n\
disconnects them (polkit may ask for a password) and shows their status.")
endif()
set(CPACK_PACKAGE_NAME pppkit)
set(CPACK_PACKAGE_VENDOR "pppkit")
set(CPACK_PACKAGE_CONTACT "pppkit maintainers <pppkit@localhost>")
# Each package's description starts with its summary line (CPack would put
# a global CPACK_PACKAGE_DESCRIPTION_SUMMARY on top of both, so none is set).
set(PPPKIT_DESCRIPTION_TEXT
    "pppkit connects the peers of /etc/ppp/peers (pppd's configuration, read unchanged)\n\
through pppkitd, a hardened system service on D-Bus (org.freedesktop.ppp1) that\n\
polkit guards: members of group dip connect and disconnect without a password.\n\
pppctl is the command line client; ppp@NAME.service keeps a peer connected.")
set(CPACK_DEBIAN_PPPKIT_DESCRIPTION "PPP links as a D-Bus system service, without setuid pppd\n${PPPKIT_DESCRIPTION_TEXT}")
set(CPACK_DEBIAN_SIM_DESCRIPTION "Hayes modem and PPP ISP simulator on a pty, for pppkit\n\
pppkit-sim --link PATH answers AT commands, dials, and speaks PPP (LCP, PAP/CHAP,\n\
IPCP) like an ISP, so pppkit or pppd can be tried without a modem.")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Library dependencies from the binaries (dpkg-shlibdeps), plus what runs them.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PPPKIT_PACKAGE_NAME pppkit)
set(CPACK_DEBIAN_PPPKIT_PACKAGE_DEPENDS "dbus")
set(CPACK_DEBIAN_PPPKIT_PACKAGE_RECOMMENDS "polkitd, systemd")
set(CPACK_DEBIAN_PPPKIT_PACKAGE_SUGGESTS "ppp, pppkit-sim")
set(CPACK_DEBIAN_SIM_PACKAGE_NAME pppkit-sim)
set(CPACK_DEBIAN_SIM_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PPPKIT_PACKAGE_CONTROL_EXTRA
    ${PROJECT_SOURCE_DIR}/packaging/debian/postinst
    ${PROJECT_SOURCE_DIR}/packaging/debian/prerm
    ${PROJECT_SOURCE_DIR}/packaging/debian/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_GENERATOR DEB)
include(CPack)
