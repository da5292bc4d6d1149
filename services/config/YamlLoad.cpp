#include "services/config/YamlLoad.h"

#include <yaml-cpp/eventhandler.h>

#include <algorithm>
#include <sstream>

namespace qd::yaml {

void StreamGuard::documentStart(const YAML::Mark &mark)
{
    if (mark.pos == m_lastDocumentStart)
        throw YAML::ParserException(mark, "unexpected character: no YAML node can start here");
    m_lastDocumentStart = mark.pos;
    m_open.clear();
}

void StreamGuard::collectionStart(YAML::anchor_t anchor)
{
    m_open.push_back(anchor);
}

void StreamGuard::collectionEnd()
{
    if (!m_open.empty())
        m_open.pop_back();
}

void StreamGuard::alias(const YAML::Mark &mark, YAML::anchor_t anchor) const
{
    if (anchor != YAML::NullAnchor && std::find(m_open.begin(), m_open.end(), anchor) != m_open.end())
        throw YAML::ParserException(mark, "an alias inside the node its anchor names (a cycle)");
}

namespace {

class CheckingHandler : public YAML::EventHandler
{
public:
    void OnDocumentStart(const YAML::Mark &mark) override { m_guard.documentStart(mark); }
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark &, YAML::anchor_t) override {}
    void OnAlias(const YAML::Mark &mark, YAML::anchor_t anchor) override { m_guard.alias(mark, anchor); }
    void OnScalar(const YAML::Mark &, const std::string &, YAML::anchor_t, const std::string &) override {}
    void OnSequenceStart(const YAML::Mark &, const std::string &, YAML::anchor_t anchor,
                         YAML::EmitterStyle::value) override
    {
        m_guard.collectionStart(anchor);
    }
    void OnSequenceEnd() override { m_guard.collectionEnd(); }
    void OnMapStart(const YAML::Mark &, const std::string &, YAML::anchor_t anchor,
                    YAML::EmitterStyle::value) override
    {
        m_guard.collectionStart(anchor);
    }
    void OnMapEnd() override { m_guard.collectionEnd(); }

private:
    StreamGuard m_guard;
};

} // namespace

std::vector<YAML::Node> loadAll(const std::string &text)
{
    std::istringstream stream(text);
    YAML::Parser parser(stream);
    CheckingHandler checker;
    while (parser.HandleNextDocument(checker)) {
    }
    return YAML::LoadAll(text);
}

} // namespace qd::yaml
