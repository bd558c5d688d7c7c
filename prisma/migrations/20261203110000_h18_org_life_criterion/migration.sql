-- The assessment criterion computed from organisational life (issue 18): obligation periods held on time.
ALTER TYPE "CriterionMethod" ADD VALUE 'ORG_LIFE_ON_TIME';
