//! Dense integer ids used everywhere after validation.
//!
//! Every id is a newtype over `u32` indexing a `Vec` of the matching items in
//! the [`Scenario`](crate::scenario::Scenario) or the compiled
//! [`Model`](crate::model::Model); mixing them up is a type error.

macro_rules! dense_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub u32);

        impl $name {
            /// The id as a `Vec` index.
            #[inline]
            pub fn index(self) -> usize {
                self.0 as usize
            }

            /// The id of the item at `index` in its `Vec`.
            #[inline]
            pub fn from_index(index: usize) -> Self {
                Self(index as u32)
            }
        }
    };
}

dense_id!(
    /// A road-network node.
    NodeId
);
dense_id!(
    /// A fire station (or team base).
    StationId
);
dense_id!(
    /// One vehicle with its crew.
    UnitId
);
dense_id!(
    /// A kind of unit (`engine`, `rescue`, ...), as named in the scenario.
    UnitKindId
);
dense_id!(
    /// An incident type (`fire`, `rescue`, ...), as named in the scenario.
    IncidentTypeId
);
dense_id!(
    /// A demand point: a place where incidents happen.
    PointId
);
dense_id!(
    /// A reporting zone (township, district, ...).
    ZoneId
);
