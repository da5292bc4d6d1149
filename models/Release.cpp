#include "models/Release.h"

namespace qd {

const Release *ReleaseCatalog::find(const Version &version) const
{
    for (const Release &release : releases) {
        if (release.version == version)
            return &release;
    }
    return nullptr;
}

} // namespace qd
