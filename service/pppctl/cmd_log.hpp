// pppctl log NAME [-f]: the link's recent transcript from Link.GetLog; with
// -f, then every new LogLine as it comes.
#pragma once

#include <sdbus-c++/sdbus-c++.h>

#include <string>
#include <string_view>

#include "pppctl/args.hpp"

namespace pppctl {

int log(sdbus::IConnection& connection, const Log& command);

// `text` safe for a terminal: control characters (but tab) become "?".
std::string printable(std::string_view text);

}  // namespace pppctl
