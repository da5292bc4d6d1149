# Writes quarterdeck(1) and the bash, zsh and fish completions by running the built binary
# (`quarterdeck manpage`, `quarterdeck completion SHELL`), so that they come from the same command
# table as its parser. Run by packaging.cmake after every build of quarterdeck:
#   cmake -DQUARTERDECK=path/to/quarterdeck -DOUT=dir -P generate-cli-docs.cmake
if(NOT QUARTERDECK OR NOT OUT)
    message(FATAL_ERROR "generate-cli-docs.cmake: set QUARTERDECK and OUT")
endif()
# A sanitizer build runs it too; its leak report would only fail the build.
set(ENV{ASAN_OPTIONS} "detect_leaks=0")
file(MAKE_DIRECTORY ${OUT})
foreach(job "manpage;quarterdeck.1" "completion;bash;quarterdeck.bash"
            "completion;zsh;_quarterdeck" "completion;fish;quarterdeck.fish")
    list(POP_BACK job file)
    execute_process(COMMAND ${QUARTERDECK} ${job}
                    OUTPUT_FILE ${OUT}/${file}.new
                    RESULT_VARIABLE result)
    if(NOT result EQUAL 0)
        message(FATAL_ERROR "quarterdeck ${job} failed (${result})")
    endif()
    # Only a changed file is replaced, so what depends on it is not rebuilt for nothing.
    file(COPY_FILE ${OUT}/${file}.new ${OUT}/${file} ONLY_IF_DIFFERENT)
    file(REMOVE ${OUT}/${file}.new)
endforeach()
# Debian and Fedora install manual pages compressed (gzip -9n: no name, no time, reproducible).
find_program(QD_GZIP gzip)
if(QD_GZIP)
    execute_process(COMMAND ${QD_GZIP} -9nc ${OUT}/quarterdeck.1
                    OUTPUT_FILE ${OUT}/quarterdeck.1.gz RESULT_VARIABLE result)
    if(NOT result EQUAL 0)
        message(FATAL_ERROR "gzip of quarterdeck.1 failed (${result})")
    endif()
endif()
