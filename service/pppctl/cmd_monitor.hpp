// pppctl monitor: every link's state changes as they happen, and peers
// added or removed, until interrupted. Survives pppkitd restarts (with bus
// activation the service comes and goes).
#pragma once

#include <sdbus-c++/sdbus-c++.h>

#include "pppctl/args.hpp"

namespace pppctl {

int monitor(sdbus::IConnection& connection, const Monitor& command);

}  // namespace pppctl
