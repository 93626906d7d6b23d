// Which peers are configured: the files in CONFIG_DIR/peers.
#pragma once

#include <string>
#include <vector>

namespace ppp::dbus {

// Sorted names of the regular files (or symlinks to them) in
// `config_dir`/peers that is_peer_name() accepts. Empty when the directory
// does not exist or cannot be read.
std::vector<std::string> scan_peers(const std::string& config_dir);

}  // namespace ppp::dbus
