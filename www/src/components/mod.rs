//! The sample's components, one concern per module.

pub mod callback;
pub mod claims;
pub mod errors;
pub mod home;
pub mod json;
pub mod profile;
pub mod status;
pub mod tokens;
pub mod user_info;
