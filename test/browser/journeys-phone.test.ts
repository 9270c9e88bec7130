import { defineJourneys } from './journeys.ts';

defineJourneys('phone');
