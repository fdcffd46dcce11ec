# embed_files(OUT_VAR file...) turns each data file into a byte array in a generated
# C++ source, and registers it under its path relative to the project root, so that
# starcoach::embedded_file("data/questions.tsv") returns its contents.
function(embed_files out_var)
  set(generated "${CMAKE_CURRENT_BINARY_DIR}/embedded_data.cpp")
  set(inputs "")
  foreach(rel IN LISTS ARGN)
    list(APPEND inputs "${CMAKE_CURRENT_SOURCE_DIR}/${rel}")
  endforeach()
  add_custom_command(
    OUTPUT "${generated}"
    COMMAND "${CMAKE_COMMAND}" -DROOT=${CMAKE_CURRENT_SOURCE_DIR} "-DFILES=${ARGN}"
            -DOUT=${generated} -P "${CMAKE_CURRENT_SOURCE_DIR}/cmake/embed-run.cmake"
    DEPENDS ${inputs} "${CMAKE_CURRENT_SOURCE_DIR}/cmake/embed-run.cmake"
    COMMENT "Embedding data files"
    VERBATIM)
  set(${out_var} "${generated}" PARENT_SCOPE)
endfunction()
