// The part of a client SessionConfig that comes straight from pppd options:
// LCP and IPCP negotiation and their automata. Authentication and the
// magic-number seed need the system and are filled in by the caller.
#pragma once

#include "core/options.hpp"
#include "core/session.hpp"

namespace ppp {

void apply_link_options(const config::PeerOptions& options, SessionConfig& config);

}  // namespace ppp
