# embed_files(OUT_VAR FUNCTION file...) turns each file into a byte array in a generated
# C++ source that defines `std::span<const starcoach::EmbeddedFile> starcoach::FUNCTION()`,
# each file registered under its path relative to the project root. OUT_VAR receives the
# generated source, to add to a target.
function(embed_files out_var function)
  set(generated "${CMAKE_CURRENT_BINARY_DIR}/${function}.cpp")
  set(inputs "")
  foreach(rel IN LISTS ARGN)
    list(APPEND inputs "${CMAKE_CURRENT_SOURCE_DIR}/${rel}")
  endforeach()
  add_custom_command(
    OUTPUT "${generated}"
    COMMAND "${CMAKE_COMMAND}" -DROOT=${CMAKE_CURRENT_SOURCE_DIR} "-DFILES=${ARGN}" -DFUNCTION=${function}
            -DOUT=${generated} -P "${CMAKE_CURRENT_SOURCE_DIR}/cmake/embed-run.cmake"
    DEPENDS ${inputs} "${CMAKE_CURRENT_SOURCE_DIR}/cmake/embed-run.cmake"
    COMMENT "Embedding ${function}"
    VERBATIM)
  set(${out_var} "${generated}" PARENT_SCOPE)
endfunction()
