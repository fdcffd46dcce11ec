// Practice history and the safety of your data: history, backup and restore.
#pragma once

#include <string>

#include "commands.hpp"

namespace starcoach::cli {

struct HistoryRequest {
  std::string database;   // the SQLite file
  std::string principle;  // history: only this principle
  int last = 20;          // history: how many, newest first
  std::string file;       // backup / restore
  bool replace = false;   // restore over existing data
};

int show_history(const Output& output, const HistoryRequest& request);
int backup(const Output& output, const HistoryRequest& request);
int restore(const Output& output, const HistoryRequest& request);

}  // namespace starcoach::cli
