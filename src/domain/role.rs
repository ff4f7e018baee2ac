use std::fmt;

use serde::{Deserialize, Serialize};

/// Who is calling, as the JWT `role` claim says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// A CRM, mailer or BI system reading for declared purposes.
    Client,
    /// A data-protection officer: audits and data-subject requests.
    Dpo,
    /// An operator of the vault.
    Admin,
    /// A customer acting on their own record (`sub` is the subject id).
    Subject,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Client => "client",
            Role::Dpo => "dpo",
            Role::Admin => "admin",
            Role::Subject => "subject",
        }
    }
}

impl std::str::FromStr for Role {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "client" => Ok(Role::Client),
            "dpo" => Ok(Role::Dpo),
            "admin" => Ok(Role::Admin),
            "subject" => Ok(Role::Subject),
            _ => Err(format!(
                "unknown role '{s}' (client, dpo, admin or subject)"
            )),
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
