#include "core/ipv6cp.hpp"

#include "core/frame.hpp"

namespace ppp {
namespace {
constexpr std::uint8_t kOptInterfaceId = 1;
constexpr std::uint8_t kOptCompression = 2;  // IPv6-Compression-Protocol: always rejected
constexpr std::size_t kIdLength = 8;

FsmConfig fsm_config(const SessionConfig& c) {
    return FsmConfig{c.ipv6cp_restart, c.ipv6cp_max_configure, c.ipv6cp_max_terminate, c.ipv6cp_max_failure};
}

std::uint64_t get_id(Bytes b) {
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < kIdLength; ++i) v = (v << 8) | b[i];
    return v;
}

void put_id(std::uint8_t type, std::uint64_t id, std::vector<std::uint8_t>& out) {
    std::uint8_t b[kIdLength];
    for (std::size_t i = 0; i < kIdLength; ++i) b[i] = static_cast<std::uint8_t>(id >> (8 * (kIdLength - 1 - i)));
    put_option(type, Bytes{b, kIdLength}, out);
}

std::uint32_t fold(std::uint64_t seed) { return static_cast<std::uint32_t>(seed ^ (seed >> 32)); }
}  // namespace

std::string link_local_address(std::uint64_t id) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out = "fe80::";
    for (int group = 3; group >= 0; --group) {
        const auto v = static_cast<std::uint16_t>(id >> (16 * group));
        for (int shift = 12; shift >= 0; shift -= 4) out += kDigits[(v >> shift) & 0xf];
        if (group) out += ':';
    }
    return out;
}

Ipv6cp::Ipv6cp(const SessionConfig& config, FsmOutput& output, Ipv6cpEvents& events)
    : config_(config), events_(events), fsm_(proto::kIpv6cp, "IPV6CP", fsm_config(config), *this, output),
      random_(fold(config.ipv6_seed)) {}

std::uint64_t Ipv6cp::random_id(std::uint64_t avoid) {
    std::uint64_t id = 0;
    while (id == 0 || id == avoid) id = (std::uint64_t{random_.next()} << 32) | random_.next();
    return id;
}

// ipv6cp-use-ipaddr: the identifiers are the IPv4 addresses (when given).
std::optional<std::uint64_t> Ipv6cp::configured_local() const {
    if (config_.ipv6_local) return config_.ipv6_local;
    if (config_.ipv6_use_ipaddr && config_.local_ip && !config_.local_ip->is_zero()) return config_.local_ip->value;
    return std::nullopt;
}

std::optional<std::uint64_t> Ipv6cp::configured_remote() const {
    if (config_.ipv6_remote) return config_.ipv6_remote;
    if (config_.ipv6_use_ipaddr && config_.remote_ip && !config_.remote_ip->is_zero()) return config_.remote_ip->value;
    return std::nullopt;
}

void Ipv6cp::reset_options() {
    want_id_ = true;
    const auto mine = configured_local();
    // As pppd: without a given identifier we take whatever the peer suggests.
    accept_local_ = !mine || config_.ipv6_accept_local;
    local_ = mine ? *mine : random_id(0);
    suggested_ = 0;
    remote_.reset();
}

void Ipv6cp::build_request(std::vector<std::uint8_t>& out) {
    if (want_id_) put_id(kOptInterfaceId, local_, out);
}

std::uint8_t Ipv6cp::judge_request(const std::vector<Option>& options, bool reject_only,
                                   std::vector<std::uint8_t>& reply) {
    std::vector<std::uint8_t> naks, rejects;
    std::optional<std::uint64_t> peer_id;
    for (const auto& o : options) {
        if (o.type != kOptInterfaceId || o.value.size() != kIdLength) {
            // IPv6-Compression-Protocol, unknown options, wrong lengths.
            (void)kOptCompression;
            put_option(o.type, o.value, rejects);
            continue;
        }
        const std::uint64_t asked = get_id(o.value);
        // RFC 5072 §4.1: both zero cannot converge: reject the option.
        if (asked == 0 && local_ == 0) {
            put_option(o.type, o.value, rejects);
            continue;
        }
        std::optional<std::uint64_t> suggestion;
        const auto wanted = configured_remote();
        if (wanted && asked != *wanted && suggested_ == 0) {
            // `ipv6 ,<remote>`: the peer is told its identifier once.
            suggestion = *wanted;
        } else if (asked == 0 || asked == local_) {
            // Zero, or the same as ours: suggest a different, non-zero one.
            std::uint64_t s = suggested_ == 0 && wanted ? *wanted : 0;
            if (s == 0 || s == local_) s = random_id(local_);
            suggestion = s;
        }
        if (suggestion) {
            suggested_ = *suggestion;
            if (reject_only) put_option(o.type, o.value, rejects);
            else put_id(kOptInterfaceId, *suggestion, naks);
            continue;
        }
        peer_id = asked;
    }
    const std::uint8_t verdict = configure_verdict(naks, rejects, reply);
    if (verdict == code::kConfAck) remote_ = peer_id;
    return verdict;
}

bool Ipv6cp::handle_ack(const std::vector<Option>&) { return true; }

bool Ipv6cp::handle_nak(const std::vector<Option>& options) {
    for (const auto& o : options)
        if (o.type == kOptInterfaceId && o.value.size() != kIdLength) return false;
    for (const auto& o : options) {
        if (o.type != kOptInterfaceId || !want_id_) continue;
        if (!accept_local_) continue;  // our identifier was given: we keep asking for it
        std::uint64_t id = get_id(o.value);
        const std::uint64_t theirs = remote_.value_or(0);
        if (id == 0 || id == theirs) id = random_id(theirs);
        local_ = id;
    }
    return true;
}

bool Ipv6cp::handle_reject(const std::vector<Option>& options) {
    for (const auto& o : options) {
        if (o.type != kOptInterfaceId) return false;
        want_id_ = false;  // we still use our identifier, without telling it
    }
    return true;
}

void Ipv6cp::layer_up() {
    Ipv6Info info;
    info.local_id = local_;
    // A peer that did not send an identifier gets the configured one.
    info.remote_id = remote_.value_or(configured_remote().value_or(0));
    if (info.remote_id == 0) {
        events_.ipv6cp_failed("Could not determine remote LL address");
        return;
    }
    if (info.local_id == 0) {
        events_.ipv6cp_failed("Could not determine local LL address");
        return;
    }
    if (info.local_id == info.remote_id) {
        events_.ipv6cp_failed("local and remote LL addresses are equal");
        return;
    }
    events_.ipv6cp_up(info);
}

void Ipv6cp::layer_down() { events_.ipv6cp_down(); }
void Ipv6cp::layer_finished() { events_.ipv6cp_finished(); }

std::string Ipv6cp::describe_option(const Option& o) const {
    switch (o.type) {
        case kOptInterfaceId:
            return o.value.size() == kIdLength ? "<addr " + link_local_address(get_id(o.value)) + ">" : "<addr ?>";
        case kOptCompression: return "<compress " + hex(o.value) + ">";
        default: return "<option " + std::to_string(o.type) + " " + hex(o.value) + ">";
    }
}

}  // namespace ppp
