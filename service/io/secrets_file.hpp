// Loading pppd's secrets files (/etc/ppp/pap-secrets, chap-secrets) from
// disk for the pure parser in core/secrets.
#pragma once

#include <string>

#include "core/secrets.hpp"

namespace ppp::io {

// Reads and parses the secrets file at `path`; a missing file is an empty
// result. With `enforce_permissions` (service mode) the file, and every
// @/path secret file it names, must be owned by root and have no group or
// other permission bits; otherwise config::Error(path, 0, "... run: chmod
// 600 PATH") is thrown for the file itself (the refusal of an @/path file is
// the error of the line that names it). A file that exists but cannot be
// read also throws config::Error naming it.
secrets::ParseResult load_secrets_file(const std::string& path, bool enforce_permissions);

}  // namespace ppp::io
