#include "core/ipcp.hpp"

#include "core/frame.hpp"

namespace ppp {
namespace {
constexpr std::uint8_t kOptAddresses = 1;  // deprecated IP-Addresses
constexpr std::uint8_t kOptCompression = 2;
constexpr std::uint8_t kOptAddress = 3;
constexpr std::uint8_t kOptDns1 = 129;
constexpr std::uint8_t kOptNbns1 = 130;
constexpr std::uint8_t kOptDns2 = 131;
// What pppd falls back to for a peer that will not say its address.
constexpr Ipv4 kDefaultRemote{0x0a404040};  // 10.64.64.64

FsmConfig fsm_config(const SessionConfig& c) {
    return FsmConfig{c.ipcp_restart, c.ipcp_max_configure, c.ipcp_max_terminate, c.ipcp_max_failure};
}
}  // namespace

Ipcp::Ipcp(const SessionConfig& config, FsmOutput& output, IpcpEvents& events)
    : config_(config), events_(events), fsm_(proto::kIpcp, "IPCP", fsm_config(config), *this, output) {}

void Ipcp::reset_options() {
    want_addr_ = true;
    local_ = config_.local_ip.value_or(Ipv4{});
    const bool client = config_.role == Role::Client;
    want_dns1_ = want_dns2_ = client && config_.request_dns;
    dns1_ = dns2_ = Ipv4{};
    remote_.reset();
}

void Ipcp::build_request(std::vector<std::uint8_t>& out) {
    if (want_addr_) put_option_u32(kOptAddress, local_.value, out);
    if (want_dns1_) put_option_u32(kOptDns1, dns1_.value, out);
    if (want_dns2_) put_option_u32(kOptDns2, dns2_.value, out);
}

std::uint8_t Ipcp::judge_request(const std::vector<Option>& options, bool reject_only,
                                 std::vector<std::uint8_t>& reply) {
    std::vector<std::uint8_t> naks, rejects;
    std::optional<Ipv4> peer_addr;
    auto nak_or_reject = [&](const Option& o, std::uint32_t suggestion) {
        if (reject_only) put_option(o.type, o.value, rejects);
        else put_option_u32(o.type, suggestion, naks);
    };
    for (const auto& o : options) {
        if (o.type == kOptAddress && o.value.size() == 4) {
            const Ipv4 asked{get_u32(o.value)};
            const auto want = config_.remote_ip;
            if (want && asked != *want && !(config_.accept_remote && !asked.is_zero())) {
                nak_or_reject(o, want->value);
            } else if (!want && asked.is_zero()) {
                // Nothing to give: a peer that wants an address from us gets none.
                put_option(o.type, o.value, rejects);
            } else {
                peer_addr = asked;
            }
            continue;
        }
        if ((o.type == kOptDns1 || o.type == kOptDns2) && o.value.size() == 4) {
            const auto& mine = o.type == kOptDns1 ? config_.dns1 : config_.dns2;
            if (!mine) {
                put_option(o.type, o.value, rejects);
            } else if (get_u32(o.value) != mine->value) {
                nak_or_reject(o, mine->value);
            }
            continue;
        }
        // VJ compression, IP-Addresses, NBNS and anything unknown or of a wrong length.
        (void)kOptAddresses;
        (void)kOptCompression;
        (void)kOptNbns1;
        put_option(o.type, o.value, rejects);
    }
    const std::uint8_t verdict = configure_verdict(naks, rejects, reply);
    if (verdict == code::kConfAck) remote_ = peer_addr;
    return verdict;
}

bool Ipcp::handle_ack(const std::vector<Option>&) { return true; }

bool Ipcp::handle_nak(const std::vector<Option>& options) {
    // A Nak may suggest options we did not ask for (ignored), but one of ours
    // with the wrong size makes it invalid as a whole.
    for (const auto& o : options) {
        const bool ours = o.type == kOptAddress || o.type == kOptDns1 || o.type == kOptDns2;
        if (ours && o.value.size() != 4) return false;
    }
    for (const auto& o : options) {
        if (o.value.size() != 4) continue;
        const Ipv4 v{get_u32(o.value)};
        switch (o.type) {
            case kOptAddress:
                // Take the address the peer gives us unless ours is fixed.
                if (!config_.local_ip || config_.accept_local || local_.is_zero()) {
                    if (!v.is_zero()) local_ = v;
                }
                break;
            case kOptDns1:
                if (want_dns1_) dns1_ = v;
                break;
            case kOptDns2:
                if (want_dns2_) dns2_ = v;
                break;
            default: break;
        }
    }
    return true;
}

bool Ipcp::handle_reject(const std::vector<Option>& options) {
    for (const auto& o : options) {
        switch (o.type) {
            case kOptAddress: want_addr_ = false; break;
            case kOptDns1: want_dns1_ = false; break;
            case kOptDns2: want_dns2_ = false; break;
            default: return false;
        }
    }
    return true;
}

void Ipcp::layer_up() {
    NetworkInfo info;
    info.local = local_;
    info.remote = remote_.value_or(config_.remote_ip.value_or(kDefaultRemote));
    if (want_dns1_ && !dns1_.is_zero()) info.dns1 = dns1_;
    if (want_dns2_ && !dns2_.is_zero()) info.dns2 = dns2_;
    if (info.local.is_zero()) {
        events_.ipcp_failed("Could not determine local IP address");
        return;
    }
    events_.ipcp_up(info);
}

void Ipcp::layer_down() { events_.ipcp_down(); }
void Ipcp::layer_finished() { events_.ipcp_finished(); }

std::string Ipcp::describe_option(const Option& o) const {
    const auto addr = [&](const char* name) {
        return o.value.size() == 4 ? "<" + std::string(name) + " " + Ipv4{get_u32(o.value)}.to_string() + ">"
                                   : "<" + std::string(name) + " ?>";
    };
    switch (o.type) {
        case kOptAddress: return addr("addr");
        case kOptDns1: return addr("ms-dns1");
        case kOptDns2: return addr("ms-dns2");
        case kOptCompression: return "<compress " + hex(o.value) + ">";
        default: return "<option " + std::to_string(o.type) + " " + hex(o.value) + ">";
    }
}

}  // namespace ppp
