#include "services/config/KustomizeNumbers.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <regex>

namespace qd::kustomize {

namespace {

// Go's strconv.ParseInt(text, 0, 64), as yaml.v3 reads a plain integer: a sign, then 0x, 0o, 0b
// or a leading 0 (octal) choose the base.
std::optional<std::int64_t> goInteger(std::string_view text)
{
    bool negative = false;
    if (!text.empty() && (text.front() == '+' || text.front() == '-')) {
        negative = text.front() == '-';
        text.remove_prefix(1);
    }
    int base = 10;
    if (text.size() > 2 && text[0] == '0' && (text[1] | 0x20) == 'x') {
        base = 16;
        text.remove_prefix(2);
    } else if (text.size() > 2 && text[0] == '0' && (text[1] | 0x20) == 'o') {
        base = 8;
        text.remove_prefix(2);
    } else if (text.size() > 2 && text[0] == '0' && (text[1] | 0x20) == 'b') {
        base = 2;
        text.remove_prefix(2);
    } else if (text.size() > 1 && text[0] == '0') {
        base = 8;
        text.remove_prefix(1);
    }
    if (text.empty())
        return std::nullopt;
    std::uint64_t magnitude = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), magnitude, base);
    if (error != std::errc() || end != text.data() + text.size())
        return std::nullopt;
    if (negative) {
        if (magnitude > std::uint64_t(INT64_MAX) + 1)
            return std::nullopt;
        return magnitude == std::uint64_t(INT64_MAX) + 1 ? INT64_MIN : -std::int64_t(magnitude);
    }
    if (magnitude > std::uint64_t(INT64_MAX))
        return std::nullopt;
    return std::int64_t(magnitude);
}

std::string shortest(double value, std::chars_format format)
{
    char buffer[400];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value, format);
    return std::string(buffer, result.ptr);
}

} // namespace

std::optional<std::string> builtNumberText(std::string_view plain)
{
    if (plain.empty() || (!std::isdigit(static_cast<unsigned char>(plain.front()))
                          && plain.front() != '-' && plain.front() != '+' && plain.front() != '.'))
        return std::nullopt;
    std::string text;
    text.reserve(plain.size());
    for (const char c : plain) {
        if (c != '_')
            text += c;
    }
    if (const auto integer = goInteger(text))
        return std::to_string(*integer);
    static const std::regex floating(R"(^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$)");
    if (!std::regex_match(text, floating))
        return std::nullopt;
    const std::string_view digits = text.front() == '+' ? std::string_view(text).substr(1) : text;
    double value = 0;
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (error != std::errc() || !std::isfinite(value))
        return std::nullopt; // Kustomize refuses what JSON cannot hold; leave it as written
    // Go's JSON writes a float in fixed notation from 1e-6 up to 1e21, else with an exponent;
    // reading that back, an integer that fits 64 bits is an integer, anything else a float that
    // Go prints in its shortest 'g' form (an exponent below -4 or from 6 up).
    const double magnitude = std::fabs(value);
    if (magnitude == 0 || (magnitude >= 1e-6 && magnitude < 1e21)) {
        const std::string json = shortest(value, std::chars_format::fixed);
        if (json.find('.') == std::string::npos) {
            if (const auto integer = goInteger(json == "-0" ? std::string_view("0") : json))
                return std::to_string(*integer);
        }
    }
    const std::string scientific = shortest(value, std::chars_format::scientific);
    const int exponent = std::stoi(scientific.substr(scientific.find('e') + 1));
    if (exponent < -4 || exponent >= 6)
        return scientific;
    return shortest(value, std::chars_format::fixed);
}

void normalizeNumbers(ManifestNode &resource)
{
    switch (resource.kind()) {
    case ManifestNode::Kind::Scalar:
        if (!resource.isQuoted()) {
            if (auto text = builtNumberText(resource.text()); text && *text != resource.text())
                resource = ManifestNode::scalar(std::move(*text), false, resource.origin());
        }
        return;
    case ManifestNode::Kind::Map:
        for (auto &[key, value] : resource.entries())
            normalizeNumbers(value);
        return;
    case ManifestNode::Kind::Sequence:
        for (ManifestNode &item : resource.items())
            normalizeNumbers(item);
        return;
    case ManifestNode::Kind::Null:
        return;
    }
}

} // namespace qd::kustomize
