#pragma once
// The store's SQLite adapter speaks through the shared SQLite layer (src/sqlite); these names let
// its files write them unqualified, as before.
#include "sqlite/sqlite_db.h"

namespace tw::store::sqlite {

using tw::sqlite::Connection;
using tw::sqlite::ReadSnapshot;
using tw::sqlite::SqliteError;
using tw::sqlite::Statement;
using tw::sqlite::Transaction;

}  // namespace tw::store::sqlite
