// The one table of pppd options pppkit reads: for each option its name,
// argument type, whether it is privileged, which layer applies it, how far
// pppkit supports it, its help text, and how it is applied to and shown from
// PeerOptions. The reader (options.cpp) is generic over these rows.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/options.hpp"

namespace ppp::config {

enum class ArgType {
    None,        // a flag
    Text,        // any word (up to 4096 bytes)
    Name,        // a name (up to 255 bytes, pppd's MAXNAMELEN)
    Path,        // a file name (absolute)
    Int,         // decimal, 0x hex or leading-zero octal, within [min, max]
    Hex32,       // a 32-bit hex number (asyncmap: pppd reads it as hex)
    Ipv4,        // a dotted quad
    EscapeList,  // hex characters separated by commas (escape)
    Ipv6Ids,     // <local>,<remote> interface identifiers (ipv6)
    Compress,    // a compression option's code size(s): "15" or "15,15" (recorded, refused)
    Positional,  // device, speed, <local>:<remote>: recognised by their form, not by name
};

// Which part of pppkit acts on the option.
enum class Layer { Parser, Device, Dialer, Lcp, Auth, Ipcp, Ipv6cp, Ccp, Lifecycle, Interface, Logging };

enum class Support {
    Implemented,  // honoured
    Recorded,     // read and kept, but nothing acts on it yet: warns
    NoOp,         // turns off something pppkit never does (novj, noipx): silently fine
    Refused,      // enables compression pppkit does not implement: warns; refused on the wire
    Deprecated,   // accepted with a warning saying what pppkit does instead
    Unsupported,  // an error saying so
};

// An option's argument after the generic checks for its ArgType.
struct Arg {
    std::string text;                       // as written
    long long number = 0;                   // Int, Hex32
    std::optional<ppp::Ipv4> ip;            // Ipv4; <local> of an address pair
    std::optional<ppp::Ipv4> ip_remote;     // <remote> of an address pair
    std::vector<std::uint8_t> bytes;        // EscapeList
    std::uint64_t id_local = 0, id_remote = 0;  // Ipv6Ids
    bool has_local = false, has_remote = false;
};

struct OptionDef {
    std::string_view name;
    ArgType arg;
    Layer layer;
    Support support;
    bool privileged;                        // only from files under the configuration directory
    std::string_view group;                 // options that set the same thing ("" = its own name)
    std::string_view help;
    void (*apply)(PeerOptions&, const Arg&);
    std::string (*show)(const PeerOptions&);  // the effective value; "" for a flag
    long long min = 0, max = 0;             // Int
    std::string_view note = {};             // Deprecated/Unsupported/Refused: what to tell the user
};

// Every row, in the order options are shown.
std::span<const OptionDef> option_table();

// The row for an option word, or nullptr (positional rows are not found by name).
const OptionDef* find_option(std::string_view name);

// The row of a positional pseudo-option ("device", "speed", "addresses").
const OptionDef& positional(std::string_view name);

// The group an option belongs to.
inline std::string_view group_of(const OptionDef& def) { return def.group.empty() ? def.name : def.group; }

// " (did you mean 'x'?)" for a near miss of a known option, else "".
std::string suggestion(std::string_view word);

}  // namespace ppp::config
