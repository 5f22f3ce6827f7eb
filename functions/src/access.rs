//! The one place every endpoint's declared [`Access`] is checked, before any handler runs.

use crate::caller::Caller;
use crate::config::Config;
use crate::http::Outcome;
use crate::{households, sessions};
use getima_domain::accounts::Role;
use getima_domain::api::{Access, ApiError, ErrorKind, PathParams};
use worker::Request;

/// The caller, when the rule needs one and they may; otherwise the refusal.
pub async fn authorise(config: &Config, access: Access, req: &Request, params: &PathParams) -> Outcome<Option<Caller>> {
    match access {
        Access::Public => return Ok(None),
        Access::DevelopmentOnly if config.development => return Ok(None),
        Access::DevelopmentOnly => return Err(ApiError::new(ErrorKind::NotFound).into()),
        _ => {}
    }
    let caller = sessions::caller(config, req).await?;
    let scope = access.scope_param().and_then(|p| params.raw(p)).unwrap_or_default();
    let allowed = match access {
        Access::Public | Access::DevelopmentOnly | Access::SignedIn => true,
        Access::AnyRole(roles) => caller.has_any(roles),
        Access::DepartmentMember(_) => {
            caller.has_any(&[Role::Staff, Role::DepartmentHead]) && caller.department.as_deref() == Some(scope)
        }
        Access::DepartmentHead(_) => {
            caller.has_any(&[Role::DepartmentHead]) && caller.department.as_deref() == Some(scope)
        }
        Access::MarketManager(_) => {
            caller.has_any(&[Role::Admin])
                || (caller.has_any(&[Role::MarketManager])
                    && scope.parse::<i64>().is_ok_and(|m| caller.markets.contains(&m)))
        }
        Access::HouseholdOwner(_) => households::owned_by(config, caller.person_id, scope).await?,
    };
    if !allowed {
        return Err(ApiError::new(ErrorKind::Forbidden).into());
    }
    Ok(Some(caller))
}
