// Telemetry as the REST API speaks it: the batch room agents POST to /api/v1/telemetry, the
// live status document of GET /accounts/{id}/status and the agent tokens of
// /accounts/{id}/agent-tokens, both ways (the server writes them, the browser and the tests read
// them). Times are ISO 8601 UTC text ("2026-11-20T09:15:00Z").
#pragma once

#include <vector>

#include "api/json_fields.h"
#include "core/telemetry.h"

namespace portal::api {

// {batchId, events:[{type:"occupancy", roomId, at, people} | {type:"meeting", roomId, start,
//  end} | {type:"device", serial, at, status:"online"|"offline", firmware?}]}. Reads the shape
// (missing, wrongly typed or unreadable fields, named like "events[3].at"); the rules are
// telemetry::CheckBatch's. Serials are upper-cased, as the portal stores them.
bool BatchFromJson(const Json& json, telemetry::Batch& out, std::vector<FieldError>& errors);
Json BatchToJson(const telemetry::Batch& batch);

// {version, at, rooms:[{roomId, insights, state, people, peopleAt, inMeeting, devicesOnline,
//  devicesOffline}], devices:[{serial, roomId, status, at, firmware}]}
Json StatusToJson(const telemetry::StatusDocument& status);
bool StatusFromJson(const Json& json, telemetry::StatusDocument& out,
                    std::vector<FieldError>& errors);

// {id, name, createdAt, createdBy, lastUsedAt, revokedAt} and, when it is set (the answer that
// creates it, once), token.
Json AgentTokenToJson(const telemetry::AgentToken& token);
bool AgentTokenFromJson(const Json& json, telemetry::AgentToken& out,
                        std::vector<FieldError>& errors);
// {agentTokens:[...]}
Json AgentTokensToJson(const std::vector<telemetry::AgentToken>& tokens);
bool AgentTokensFromJson(const Json& json, std::vector<telemetry::AgentToken>& out,
                         std::vector<FieldError>& errors);

}  // namespace portal::api
