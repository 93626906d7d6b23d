// pppctl reload: Manager.Reload, then what it changed.
#pragma once

#include <sdbus-c++/sdbus-c++.h>

#include "pppctl/args.hpp"

namespace pppctl {

// `interactive`: polkit may ask for a password (see ManagerProxy).
int reload(sdbus::IConnection& connection, const Reload& command, bool interactive);

}  // namespace pppctl
