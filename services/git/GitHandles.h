#pragma once

#include "models/Result.h"

#include <git2.h>

#include <QString>

#include <memory>

namespace qd {

// Move-only owners of libgit2 handles, each freed with its own git_*_free.
template<typename T, void (*Free)(T *)>
struct GitDeleter
{
    void operator()(T *handle) const { Free(handle); }
};

template<typename T, void (*Free)(T *)>
using GitPtr = std::unique_ptr<T, GitDeleter<T, Free>>;

using GitRepositoryPtr = GitPtr<git_repository, git_repository_free>;
using GitReferencePtr = GitPtr<git_reference, git_reference_free>;
using GitCommitPtr = GitPtr<git_commit, git_commit_free>;
using GitTreePtr = GitPtr<git_tree, git_tree_free>;
using GitIndexPtr = GitPtr<git_index, git_index_free>;
using GitRemotePtr = GitPtr<git_remote, git_remote_free>;
using GitSignaturePtr = GitPtr<git_signature, git_signature_free>;
using GitObjectPtr = GitPtr<git_object, git_object_free>;

// Call libgit2's global init once per process before any other libgit2 call.
void ensureLibgit2();

// The error of the last failing libgit2 call on this thread, with the context of what was tried.
// Call it right after the failing call: libgit2 keeps one error per thread.
Error gitError(const QString &what, int code);

} // namespace qd
