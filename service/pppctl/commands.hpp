// pppctl's commands against the running service.
#pragma once

#include "pppctl/args.hpp"

namespace pppctl {

// Runs one command; returns the process exit status. D-Bus errors are
// reported on stderr here.
int run(const Command& command);

}  // namespace pppctl
