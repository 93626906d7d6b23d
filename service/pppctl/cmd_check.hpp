// `pppctl check NAME`: reads everything `pppd call NAME` would, offline.
#pragma once

#include <string>
#include <vector>

#include "core/options.hpp"
#include "pppctl/args.hpp"

namespace pppctl {

// What a check found, before it is printed.
struct CheckReport {
    std::string peer;
    std::string config_dir;
    ppp::config::PeerOptions options;
    std::vector<ppp::config::Diagnostic> warnings;
    std::vector<ppp::config::Diagnostic> errors;
};

// Loads NAME from the configuration directory (the files are read here, in
// pppctl; the parsing is libpppcore's) and checks the files around it:
// permissions of the directory and of the secrets files, the chat script.
CheckReport run_checks(const std::string& name, const std::string& config_dir);

std::string check_text(const CheckReport& report);  // the effective options (stdout)
std::string check_json(const CheckReport& report);

// Prints the report; exit status 0 without errors, 1 with.
int check(const Check& command);

}  // namespace pppctl
