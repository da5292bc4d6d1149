#pragma once

// yaml-cpp 0.7 (Debian 12's) with the two traps a fuzzer found in it closed:
// - LoadAll() loops forever, allocating a null document per turn, on a document its parser cannot
//   start ("," alone, say): HandleNextDocument() reports a document without consuming anything.
//   Fixed upstream in yaml-cpp PR #1319 (2024), after 0.7.
// - An alias inside the node it names ("&a [*a]") makes a cyclic node graph, which every
//   recursive walk of it then follows until the stack runs out.
// Both are refused with a YAML::ParserException at their mark, like any syntax error.
#include <yaml-cpp/anchor.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

namespace qd::yaml {

// Fed the parser's events by a YAML::EventHandler; throws where yaml-cpp would go wrong.
class StreamGuard
{
public:
    void documentStart(const YAML::Mark &mark);
    void collectionStart(YAML::anchor_t anchor);
    void collectionEnd();
    void alias(const YAML::Mark &mark, YAML::anchor_t anchor) const;

private:
    int m_lastDocumentStart = -1;
    std::vector<YAML::anchor_t> m_open; // the anchors of the collections being read, outermost first
};

// YAML::LoadAll, checked first by a StreamGuard (so it parses twice: for the few files that are
// edited, not for the fleet's reads, which build their trees from the events in one pass).
std::vector<YAML::Node> loadAll(const std::string &text);

} // namespace qd::yaml
