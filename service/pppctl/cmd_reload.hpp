// pppctl reload: Manager.Reload, then what it changed.
#pragma once

#include <sdbus-c++/sdbus-c++.h>

#include "pppctl/args.hpp"

namespace pppctl {

int reload(sdbus::IConnection& connection, const Reload& command);

}  // namespace pppctl
