//! The FinOps cost model: sizing → cost components → priced lines. (Issue 3 fills this in.)
