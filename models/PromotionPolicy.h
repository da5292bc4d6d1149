#pragma once

#include <QString>

#include <chrono>
#include <optional>

namespace qd {

// How a customer's Red → Green promotion is gated: fleet.yaml's `promotion:`
// (`{soak: 24h, redAvailability: 99.0, releaseAge: 14d}`), these defaults when absent.
struct PromotionPolicy
{
    std::chrono::seconds soak = std::chrono::hours(24);
    double redAvailability = 99.0; // percent
    std::chrono::days releaseAge = std::chrono::days(14);
};

// "24h", "90m", "14d", "1d12h", "45s": whole units, largest first. nullopt when it is not one.
std::optional<std::chrono::seconds> parsePolicyDuration(const QString &text);

} // namespace qd
