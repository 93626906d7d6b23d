// The userspace data path: a TUN device named like pppd's units (ppp0, ppp1, ...).
#pragma once

#include <string>

#include "io/fd.hpp"

namespace ppp::io {

struct Tun {
    Fd fd;              // non-blocking; each read/write is one IP packet (IFF_TUN | IFF_NO_PI)
    std::string name;   // ppp0
    int ifindex = 0;
};

// Creates TUN `name` if given, else the first free "pppN". Throws std::system_error.
Tun open_tun(const std::string& name = {});

}  // namespace ppp::io
