/**
 * Names for the response and request shapes the client hands out, all taken from the generated
 * `openapi.ts` (the served OpenAPI document), so there is no third copy of them to drift.
 */
import type { components, paths } from './openapi.js';

type Schemas = components['schemas'];

export type Model = Schemas['Model'];
export type ModelDetail = Schemas['ModelDetail'];
export type ModelListing = Schemas['ModelListing'];
export type ArtifactFileView = Schemas['ArtifactFile'];
export type VersionView = Schemas['Version'];
export type Offer = Schemas['Offer'];
export type SplitRecipient = Schemas['SplitRecipient'];
export type DeclaredFile = Schemas['DeclaredFile'];
export type HeldParts = Schemas['UploadedParts'];
export type PartUrl = Schemas['PartUrls']['parts'][number];
export type Order = Schemas['Order'];
export type PaymentResult = Schemas['PaymentPaid'] | Schemas['PaymentConfirming'];
export type Licence = Schemas['Licence'];
export type LicenceVerdict = Schemas['LicenceVerdict'];
export type WellKnown = Schemas['WellKnown'];
export type Me = Schemas['Me'];
export type Session = Schemas['Session'];
export type Earnings = Schemas['Earnings'];
export type Download = Schemas['Download'];
export type ErrorEnvelope = Schemas['Error'];

export type CreateModelRequest = Schemas['CreateModel'];
export type CreateOfferRequest = Schemas['CreateOffer'];
export type CreateApiTokenRequest = Schemas['CreateApiTokenRequest'];
export type DeclareFileRequest = Schemas['DeclareFile'];
export type BrowseQuery = NonNullable<paths['/models']['get']['parameters']['query']>;

export type { components, paths };
