// Names of the org.freedesktop.ppp1 contract (dbus/*.xml) that the service
// and its clients share: bus name, object paths, peer names.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ppp::dbus {

inline constexpr const char* kBusName = "org.freedesktop.ppp1";
inline constexpr const char* kManagerPath = "/org/freedesktop/ppp1";
inline constexpr const char* kLinkPathPrefix = "/org/freedesktop/ppp1/link/";
inline constexpr const char* kManagerInterface = "org.freedesktop.ppp1.Manager";
inline constexpr const char* kLinkInterface = "org.freedesktop.ppp1.Link";

// Escapes a string into one object path element the way sd_bus_path_encode()
// does: ASCII letters stay, digits stay unless first, every other byte becomes
// "_" and two lower-case hex digits; "" becomes "_".
std::string escape_path_label(std::string_view text);
// The inverse; nullopt when `label` is not a valid escaped label.
std::optional<std::string> unescape_path_label(std::string_view label);

// /org/freedesktop/ppp1/link/<escaped name>
std::string link_object_path(std::string_view peer_name);

// Whether a file name in CONFIG_DIR/peers names a peer: 1..255 bytes of
// printable ASCII without '/', not a dotfile, not an editor or package
// manager leftover ("x~", "#x#", "*.bak", "*.orig", "*.swp", "*.dpkg-*",
// "*.ucf-*", "*.rpmnew", "*.rpmsave").
bool is_peer_name(std::string_view file_name);

}  // namespace ppp::dbus
