// pppctl version: pppctl's own version, and the running pppkitd's.
#pragma once

#include "pppctl/args.hpp"

namespace pppctl {

// Opens its own connection: pppctl's version is printed even without a bus.
int version(const Version& command);

}  // namespace pppctl
